using System.Globalization;
using System.Text;

namespace Kosmo.Reports.Charts;

/// <summary>
/// A line chart with linear/log/time axes, grid lines, optional filled areas and reference lines, and hover bands
/// (invisible columns carrying a data-tip with every series' value at that x).
/// </summary>
internal sealed class LineChart
{
    public required string Id { get; init; }

    public required string Label { get; init; }

    public required IReadOnlyList<LineSeries> Series { get; init; }

    public AxisKind XKind { get; init; } = AxisKind.Time;

    public AxisKind YKind { get; init; } = AxisKind.Linear;

    public Func<double, string> XFormat { get; init; } = Html.Fmt.Axis;

    public Func<double, string> YFormat { get; init; } = Html.Fmt.Axis;

    /// <summary>Formats a y value inside a tooltip (defaults to <see cref="YFormat"/>).</summary>
    public Func<double, string>? TipFormat { get; init; }

    /// <summary>Values the y domain must include (e.g. 0 for drawdowns).</summary>
    public IReadOnlyList<double> YInclude { get; init; } = [];

    /// <summary>Reference lines in data units (x1, y1, x2, y2), drawn dashed grey.</summary>
    public IReadOnlyList<(double X1, double Y1, double X2, double Y2)> References { get; init; } = [];

    public double Width { get; init; } = 960;

    public double Height { get; init; } = 340;

    public int HoverBands { get; init; } = 160;

    private const double Left = 64, Right = 30, Top = 12, Bottom = 32;

    public string Render()
    {
        var svg = new Svg(Id, Width, Height, Label);
        var pts = Series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)
            && (XKind != AxisKind.Log || p.X > 0) && (YKind != AxisKind.Log || p.Y > 0)).ToList();
        if (pts.Count == 0)
        {
            svg.Text(Width / 2, Height / 2, "no data", "middle", "muted");
            return svg.ToString();
        }

        var xVals = pts.Select(p => p.X).Concat(References.SelectMany(r => new[] { r.X1, r.X2 })).ToList();
        var x = BuildX(xVals.Min(), xVals.Max());
        var yVals = pts.Select(p => p.Y).Concat(References.SelectMany(r => new[] { r.Y1, r.Y2 })).Concat(YInclude);
        var y = BuildY(yVals.Min(), yVals.Max());

        // Grid and axes.
        foreach (var t in y.Ticks(6))
        {
            var py = y.Map(t);
            svg.Line(Left, py, Width - Right, py, t == 0 && YKind != AxisKind.Log ? "zero" : "grid");
            svg.Text(Left - 6, py + 4, YFormat(t), "end");
        }

        foreach (var (t, label) in XTicks(x))
        {
            var px = x.Map(t);
            svg.Line(px, Top, px, Height - Bottom, "grid");
            svg.Text(px, Height - Bottom + 16, label, "middle");
        }

        svg.Line(Left, Height - Bottom, Width - Right, Height - Bottom, "axis");
        foreach (var r in References)
        {
            svg.Line(x.Map(r.X1), y.Map(r.Y1), x.Map(r.X2), y.Map(r.Y2), "ref");
        }

        var baseY = YKind == AxisKind.Log ? Height - Bottom : y.Map(Math.Clamp(0, y.DomainMin, y.DomainMax));
        foreach (var s in Series)
        {
            var mapped = s.Points.Select(p => (Valid(p) ? x.Map(p.X) : double.NaN, Valid(p) ? y.Map(p.Y) : double.NaN)).ToList();
            if (s.Fill)
            {
                svg.Area(mapped, baseY, s.Color, 0.12);
            }

            svg.Path(mapped, s.Color, s.Muted ? 1.3 : s.Dashed ? 1.6 : 2, s.Dashed, opacity: s.Muted ? 0.8 : 1);
            if (s.Markers)
            {
                for (var i = 0; i < mapped.Count; i++)
                {
                    if (Valid(s.Points[i]))
                    {
                        svg.Circle(mapped[i].Item1, mapped[i].Item2, 3.5, s.Color, $"{s.Name}: {XFormat(s.Points[i].X)} → {(TipFormat ?? YFormat)(s.Points[i].Y)}");
                    }
                }
            }
        }

        if (HoverBands > 0 && !Series.Any(s => s.Markers))
        {
            AddHoverBands(svg, x);
        }

        return svg.ToString();
    }

    private bool Valid((double X, double Y) p) =>
        double.IsFinite(p.X) && double.IsFinite(p.Y) && (XKind != AxisKind.Log || p.X > 0) && (YKind != AxisKind.Log || p.Y > 0);

    private IScale BuildX(double lo, double hi) => XKind switch
    {
        AxisKind.Log => new LogScale(lo, hi == lo ? lo * 10 : hi, Left, Width - Right),
        _ => new LinearScale(lo, hi == lo ? lo + 1 : hi, Left, Width - Right),
    };

    private IScale BuildY(double lo, double hi)
    {
        if (YKind == AxisKind.Log)
        {
            return new LogScale(lo / 1.03, hi * 1.03, Height - Bottom, Top);
        }

        var (nlo, nhi) = LinearScale.NiceDomain(lo, hi, 6);
        return new LinearScale(nlo, nhi, Height - Bottom, Top);
    }

    private IEnumerable<(double Value, string Label)> XTicks(IScale x)
    {
        if (XKind == AxisKind.Time)
        {
            var time = new TimeScale(DateOnly.FromDayNumber((int)x.DomainMin), DateOnly.FromDayNumber((int)x.DomainMax), 0, 1);
            return time.Ticks().Select(t => ((double)t.Date.DayNumber, t.Label));
        }

        return x.Ticks(XKind == AxisKind.Log ? 6 : 8).Select(t => (t, XFormat(t)));
    }

    private void AddHoverBands(Svg svg, IScale x)
    {
        var xs = Series.SelectMany(s => s.Points).Select(p => p.X).Where(double.IsFinite).Distinct().Order().ToList();
        if (xs.Count == 0)
        {
            return;
        }

        var bands = Math.Min(HoverBands, xs.Count);
        var plotW = Width - Left - Right;
        var sb = new StringBuilder("<g class=\"hover\">");
        var lookups = Series.Select(s => s.Points.Where(p => double.IsFinite(p.X)).GroupBy(p => p.X).ToDictionary(g => g.Key, g => g.Last().Y)).ToList();
        for (var b = 0; b < bands; b++)
        {
            var xv = xs[(int)Math.Round((double)b * (xs.Count - 1) / Math.Max(1, bands - 1))];
            var tip = new StringBuilder(XKind == AxisKind.Time ? DateOnly.FromDayNumber((int)xv).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : XFormat(xv));
            for (var i = 0; i < Series.Count; i++)
            {
                if (lookups[i].TryGetValue(xv, out var yv) && double.IsFinite(yv))
                {
                    tip.Append('\n').Append(Series[i].Name).Append(": ").Append((TipFormat ?? YFormat)(yv));
                }
            }

            var px = x.Map(xv);
            var w = plotW / bands;
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Svg.Num(Math.Clamp(px - w / 2, Left, Width - Right - w))}\" y=\"{Svg.Num(Top)}\" width=\"{Svg.Num(w)}\" height=\"{Svg.Num(Height - Top - Bottom)}\" fill=\"transparent\" data-tip=\"{Svg.Esc(tip.ToString())}\"/>");
        }

        svg.Raw(sb.Append("</g>").ToString());
    }
}
