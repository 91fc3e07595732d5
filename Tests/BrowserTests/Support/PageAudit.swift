/// Checks run in the page on every visit: basic accessibility and layout width. Each returns a list of
/// problems in words, empty when the page passes.
enum PageAudit {
    /// Every visible form control has a label, every image an alt, exactly one h1, and `<html lang="ko">`.
    static let accessibility = """
    var problems = [];
    var lang = document.documentElement.getAttribute('lang');
    if (lang !== 'ko') problems.push('html lang is ' + lang);
    var h1 = document.querySelectorAll('h1').length;
    if (h1 !== 1) problems.push(h1 + ' h1 elements');
    document.querySelectorAll('img').forEach(function (img) {
      if (!img.hasAttribute('alt')) problems.push('img without alt: ' + img.getAttribute('src'));
    });
    document.querySelectorAll('input, select, textarea').forEach(function (el) {
      if (el.type === 'hidden') return;
      var byFor = el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
      var ariaLabel = (el.getAttribute('aria-label') || '').trim();
      var labelledBy = (el.getAttribute('aria-labelledby') || '').trim();
      var byIds = labelledBy && labelledBy.split(/\\s+/).every(function (id) { return document.getElementById(id); });
      if (!byFor && !el.closest('label') && !ariaLabel && !byIds) {
        problems.push('unlabelled ' + el.tagName.toLowerCase() + ' name=' + el.getAttribute('name'));
      }
    });
    return problems;
    """

    /// The page does not scroll sideways at the current window width.
    static let horizontalOverflow = """
    var root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return [];
    var wide = [];
    document.querySelectorAll('body *').forEach(function (el) {
      var box = el.getBoundingClientRect();
      if (box.right > root.clientWidth + 1 && wide.length < 5) wide.push(el.tagName.toLowerCase() + '.' + el.className);
    });
    return ['scrollWidth ' + root.scrollWidth + ' > clientWidth ' + root.clientWidth + ' (widest: ' + wide.join(', ') + ')'];
    """
}
