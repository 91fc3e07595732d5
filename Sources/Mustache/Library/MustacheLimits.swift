/// How deep templates may nest: the bounds that keep compiling and rendering any input inside a thread's stack
/// and in memory proportional to the template.
///
/// The compiler nests iteratively and needs no stack; the renderer recurses once per level (about 1.5 KB of stack
/// a level in a debug build, less in release), so it is the renderer's stack these bounds protect. Both are far
/// beyond what a page needs (the shop's templates nest a few levels), and the deepest render they admit fits in the
/// 2 MiB glibc gives a thread when the stack limit is unlimited (a test pins that in a debug build).
public enum MustacheLimits {
    /// Sections, inverted sections, parents and blocks open at once in one template. The tag that would open one
    /// more is a compile error, `MustacheError.Kind.nestingTooDeep`, located at that tag.
    public static let nesting = 256

    /// Sections, partials, parents, blocks and lambda expansions entered at once while rendering, across all the
    /// templates involved. The tag that would enter one more stops the render with
    /// `MustacheError.Kind.recursionTooDeep`, located at that tag: this is where a partial or a lambda that
    /// includes itself ends, in lenient mode too.
    public static let renderDepth = 512
}
