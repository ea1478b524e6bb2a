using System.Text;
using Kosmo.Reports.Charts;

namespace Kosmo.Reports.Html;

/// <summary>Small HTML building blocks shared by the report sections.</summary>
internal static class Blocks
{
    public static string E(string s) => Svg.Esc(s);

    /// <summary>A lower-case id fragment: letters and digits kept, everything else '-'.</summary>
    public static string Slug(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s.ToLowerInvariant())
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        return sb.ToString().Trim('-');
    }

    /// <summary>A titled section with an anchor id.</summary>
    public static string Section(string id, string title, string body) =>
        $"<section id=\"{id}\"><h2>{E(title)}</h2>{body}</section>";

    /// <summary>A white card holding one chart or table, with a title and an optional caption.</summary>
    public static string Card(string title, string body, string? caption = null, bool wide = true) =>
        $"<div class=\"card{(wide ? " wide" : string.Empty)}\"><h3>{E(title)}</h3>{body}{(caption is null ? string.Empty : $"<p class=\"caption\">{E(caption)}</p>")}</div>";

    /// <summary>A muted note that replaces a section whose input is missing.</summary>
    public static string Note(string text) => $"<p class=\"note\">{E(text)}</p>";

    /// <summary>A legend: coloured line swatches and names; style is "", "dashed" or "muted" (thin, for benchmarks).</summary>
    public static string Legend(IEnumerable<(string Name, string Color, string Style)> items)
    {
        var sb = new StringBuilder("<div class=\"legend\">");
        foreach (var (name, color, style) in items)
        {
            sb.Append($"<span><i class=\"sw {style}\" style=\"border-color:{color}\"></i>{E(name)}</span>");
        }

        return sb.Append("</div>").ToString();
    }

    public static string Legend(IEnumerable<LineSeries> series) =>
        Legend(series.Select(s => (s.Name, s.Color, s.Dashed ? "dashed" : s.Muted ? "muted" : string.Empty)));

    /// <summary>A grid of cards (two columns on wide screens).</summary>
    public static string Grid(IEnumerable<string> cards) => $"<div class=\"grid\">{string.Concat(cards)}</div>";

    /// <summary>A table; cells are already-escaped HTML. The first <paramref name="textColumns"/> columns are left-aligned, the rest right-aligned.</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? cls = null, int textColumns = 1)
    {
        cls = (cls ?? string.Empty) + (textColumns > 1 ? $" text{Math.Min(textColumns, 3)}" : string.Empty);
        var sb = new StringBuilder($"<div class=\"tablewrap\"><table{(cls.Trim().Length == 0 ? string.Empty : $" class=\"{cls.Trim()}\"")}><thead><tr>");
        foreach (var h in header)
        {
            sb.Append("<th>").Append(E(h)).Append("</th>");
        }

        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row)
            {
                sb.Append("<td>").Append(cell).Append("</td>");
            }

            sb.Append("</tr>");
        }

        return sb.Append("</tbody></table></div>").ToString();
    }

    /// <summary>A number cell coloured red when negative, green when positive (for returns).</summary>
    public static string Signed(double v, string text) =>
        !double.IsFinite(v) ? text : v < 0 ? $"<span class=\"neg\">{text}</span>" : v > 0 ? $"<span class=\"pos\">{text}</span>" : text;
}
