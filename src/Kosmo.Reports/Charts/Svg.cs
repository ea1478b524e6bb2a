using System.Globalization;
using System.Net;
using System.Text;

namespace Kosmo.Reports.Charts;

/// <summary>
/// A small SVG writer. Every number goes through <see cref="Num"/>, which writes invariant-culture text with at
/// most two decimals and writes 0 for NaN or infinity, so no chart can ever contain "NaN".
/// </summary>
internal sealed class Svg
{
    private readonly StringBuilder _sb = new();

    /// <summary>Opens an &lt;svg&gt; of the given size (a responsive viewBox) with an id and an accessible label.</summary>
    public Svg(string id, double width, double height, string label)
    {
        Width = width;
        Height = height;
        _sb.Append(CultureInfo.InvariantCulture, $"<svg id=\"{Esc(id)}\" class=\"chart\" viewBox=\"0 0 {Num(width)} {Num(height)}\" ")
           .Append(CultureInfo.InvariantCulture, $"width=\"{Num(width)}\" height=\"{Num(height)}\" role=\"img\" aria-label=\"{Esc(label)}\" xmlns=\"http://www.w3.org/2000/svg\">");
    }

    public double Width { get; }

    public double Height { get; }

    /// <summary>A finite number as invariant text with up to 2 decimals; 0 for NaN or infinity.</summary>
    public static string Num(double v) =>
        double.IsFinite(v) ? Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture) : "0";

    /// <summary>HTML/XML-escaped text.</summary>
    public static string Esc(string s) => WebUtility.HtmlEncode(s);

    public Svg Line(double x1, double y1, double x2, double y2, string cls, string? style = null)
    {
        _sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Num(x1)}\" y1=\"{Num(y1)}\" x2=\"{Num(x2)}\" y2=\"{Num(y2)}\" class=\"{cls}\"{StyleAttr(style)}/>");
        return this;
    }

    public Svg Rect(double x, double y, double w, double h, string fill, string? tip = null, string? cls = null)
    {
        _sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Num(x)}\" y=\"{Num(y)}\" width=\"{Num(Math.Max(0, w))}\" height=\"{Num(Math.Max(0, h))}\" fill=\"{fill}\"")
           .Append(cls is null ? string.Empty : $" class=\"{cls}\"")
           .Append(TipAttr(tip)).Append("/>");
        return this;
    }

    public Svg Circle(double cx, double cy, double r, string fill, string? tip = null)
    {
        _sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Num(cx)}\" cy=\"{Num(cy)}\" r=\"{Num(r)}\" fill=\"{fill}\"{TipAttr(tip)}/>");
        return this;
    }

    /// <summary>Text; anchor is start, middle or end.</summary>
    public Svg Text(double x, double y, string text, string anchor = "start", string cls = "lbl", string? fill = null)
    {
        _sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Num(x)}\" y=\"{Num(y)}\" text-anchor=\"{anchor}\" class=\"{cls}\"")
           .Append(fill is null ? string.Empty : $" fill=\"{fill}\"")
           .Append('>').Append(Esc(text)).Append("</text>");
        return this;
    }

    /// <summary>A polyline path through the points; non-finite points break the line into segments.</summary>
    public Svg Path(IReadOnlyList<(double X, double Y)> points, string stroke, double width, bool dashed = false, string? tip = null, double opacity = 1)
    {
        var d = PathData(points);
        if (d.Length == 0)
        {
            return this;
        }

        var dash = (dashed ? " stroke-dasharray=\"5 4\"" : string.Empty) + (opacity < 1 ? $" stroke-opacity=\"{Num(opacity)}\"" : string.Empty);
        _sb.Append(CultureInfo.InvariantCulture, $"<path d=\"{d}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{Num(width)}\" stroke-linejoin=\"round\"{dash}{TipAttr(tip)}/>");
        return this;
    }

    /// <summary>A closed filled area between the points and the horizontal line y = baseY.</summary>
    public Svg Area(IReadOnlyList<(double X, double Y)> points, double baseY, string fill, double opacity)
    {
        var finite = points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        if (finite.Count < 2)
        {
            return this;
        }

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"M{Num(finite[0].X)},{Num(baseY)}");
        foreach (var (x, y) in finite)
        {
            sb.Append(CultureInfo.InvariantCulture, $"L{Num(x)},{Num(y)}");
        }

        sb.Append(CultureInfo.InvariantCulture, $"L{Num(finite[^1].X)},{Num(baseY)}Z");
        _sb.Append(CultureInfo.InvariantCulture, $"<path d=\"{sb}\" fill=\"{fill}\" fill-opacity=\"{Num(opacity)}\" stroke=\"none\"/>");
        return this;
    }

    /// <summary>Raw, already-safe SVG markup.</summary>
    public Svg Raw(string markup)
    {
        _sb.Append(markup);
        return this;
    }

    /// <summary>Closes the element and returns the markup.</summary>
    public override string ToString() => _sb + "</svg>";

    internal static string PathData(IReadOnlyList<(double X, double Y)> points)
    {
        var sb = new StringBuilder();
        var pen = false;
        foreach (var (x, y) in points)
        {
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                pen = false;
                continue;
            }

            sb.Append(pen ? 'L' : 'M').Append(Num(x)).Append(',').Append(Num(y));
            pen = true;
        }

        return sb.ToString();
    }

    private static string TipAttr(string? tip) => tip is null ? string.Empty : $" data-tip=\"{Esc(tip)}\"";

    private static string StyleAttr(string? style) => style is null ? string.Empty : $" style=\"{style}\"";
}
