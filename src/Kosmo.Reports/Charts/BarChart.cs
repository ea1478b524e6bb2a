namespace Kosmo.Reports.Charts;

/// <summary>
/// Bars for categories, grouped by series: vertical (attention weight by lag) or horizontal (variable importance,
/// sorted by the caller). values: (series, categories); NaN bars are skipped.
/// </summary>
internal sealed class BarChart
{
    public required string Id { get; init; }

    public required string Label { get; init; }

    public required IReadOnlyList<string> Categories { get; init; }

    public required IReadOnlyList<(string Name, string Color, double[] Values)> Groups { get; init; }

    public bool Horizontal { get; init; }

    public Func<double, string> ValueFormat { get; init; } = Html.Fmt.Axis;

    public double Width { get; init; } = 960;

    public double Height { get; init; } = 300;

    /// <summary>Horizontal bars: pixels per category row.</summary>
    public double RowHeight { get; init; } = 22;

    public double LabelWidth { get; init; } = 150;

    public string Render() => Horizontal ? RenderHorizontal() : RenderVertical();

    private double MaxValue() =>
        Groups.SelectMany(g => g.Values).Where(double.IsFinite).Select(v => Math.Max(0, v)).DefaultIfEmpty(0).Max();

    private string RenderVertical()
    {
        const double left = 56, right = 12, top = 12, bottom = 36;
        var svg = new Svg(Id, Width, Height, Label);
        var (_, hi) = LinearScale.NiceDomain(0, Math.Max(MaxValue(), 1e-12), 5);
        var y = new LinearScale(0, hi, Height - bottom, top);
        foreach (var t in y.Ticks(5))
        {
            svg.Line(left, y.Map(t), Width - right, y.Map(t), t == 0 ? "axis" : "grid");
            svg.Text(left - 6, y.Map(t) + 4, ValueFormat(t), "end");
        }

        var n = Math.Max(1, Categories.Count);
        var slot = (Width - left - right) / n;
        var barW = slot * 0.8 / Math.Max(1, Groups.Count);
        var labelEvery = Math.Max(1, (int)Math.Ceiling(n / 30.0));
        for (var c = 0; c < Categories.Count; c++)
        {
            var x0 = left + slot * c + slot * 0.1;
            for (var g = 0; g < Groups.Count; g++)
            {
                var v = Groups[g].Values[c];
                if (double.IsFinite(v))
                {
                    svg.Rect(x0 + barW * g, y.Map(Math.Max(0, v)), barW, y.Map(0) - y.Map(Math.Max(0, v)), Groups[g].Color,
                        $"{Groups[g].Name} · {Categories[c]}: {ValueFormat(v)}");
                }
            }

            if (c % labelEvery == 0)
            {
                svg.Text(left + slot * (c + 0.5), Height - bottom + 16, Categories[c], "middle");
            }
        }

        return svg.ToString();
    }

    private string RenderHorizontal()
    {
        const double right = 64, top = 8, bottom = 24;
        var left = LabelWidth;
        var groupH = RowHeight * Math.Max(1, Groups.Count) + 6;
        var height = top + bottom + groupH * Categories.Count;
        var svg = new Svg(Id, Width, height, Label);
        var (_, hi) = LinearScale.NiceDomain(0, Math.Max(MaxValue(), 1e-12), 5);
        var x = new LinearScale(0, hi, left, Width - right);
        foreach (var t in x.Ticks(5))
        {
            svg.Line(x.Map(t), top, x.Map(t), height - bottom, t == 0 ? "axis" : "grid");
            svg.Text(x.Map(t), height - bottom + 16, ValueFormat(t), "middle");
        }

        for (var c = 0; c < Categories.Count; c++)
        {
            var y0 = top + groupH * c + 3;
            svg.Text(left - 8, y0 + groupH / 2 + 1, Categories[c], "end");
            for (var g = 0; g < Groups.Count; g++)
            {
                var v = Groups[g].Values[c];
                if (!double.IsFinite(v))
                {
                    continue;
                }

                var barY = y0 + RowHeight * g;
                svg.Rect(left, barY + 2, x.Map(Math.Max(0, v)) - left, RowHeight - 4, Groups[g].Color, $"{Groups[g].Name} · {Categories[c]}: {ValueFormat(v)}");
                svg.Text(x.Map(Math.Max(0, v)) + 5, barY + RowHeight / 2 + 4, ValueFormat(v), "start", "lbl");
            }
        }

        return svg.ToString();
    }
}
