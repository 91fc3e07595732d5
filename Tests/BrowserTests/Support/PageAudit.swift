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

    /// Every visible link, button and field in the header and in the page's forms is at least 44 × 44 px, the
    /// smallest tap target WCAG 2.5.5 asks for (text fields and selects: 44 px high, as wide as they need).
    static let smallTapTargets = """
    var problems = [];
    var targets = document.querySelectorAll('header a, header button, header input, main form a, main form button, '
      + 'main form input, main form select, main summary, main .filter-chips a');
    targets.forEach(function (el) {
      if (el.type === 'hidden' || el.type === 'radio' || el.offsetParent === null) return;
      var box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return;
      var field = el.tagName === 'INPUT' || el.tagName === 'SELECT';
      if (box.height < 43.5 || (!field && box.width < 43.5)) {
        problems.push(el.tagName.toLowerCase() + ' "' + (el.textContent || el.name || '').trim().slice(0, 20) + '" '
          + Math.round(box.width) + 'x' + Math.round(box.height));
      }
    });
    return problems;
    """

    /// Where the element matching the selector sits in the window: [top, bottom, window height, position].
    static func placement(_ selector: String) -> String {
        """
        var el = document.querySelector('\(selector)');
        if (!el) return null;
        var box = el.getBoundingClientRect();
        return [Math.round(box.top), Math.round(box.bottom), window.innerHeight, getComputedStyle(el).position];
        """
    }

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
