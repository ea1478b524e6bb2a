namespace Kosmo.Reports.Charts;

/// <summary>"Nice" axis ticks: steps of 1, 2 or 5 × 10^k.</summary>
internal static class NiceTicks
{
    /// <summary>The nice step for about <paramref name="count"/> intervals over <paramref name="span"/> (&gt; 0).</summary>
    public static double Step(double span, int count)
    {
        if (!(span > 0) || double.IsInfinity(span) || count < 1)
        {
            return 1;
        }

        var raw = span / count;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var residual = raw / magnitude;
        var nice = residual <= 1.5 ? 1 : residual <= 3 ? 2 : residual <= 7 ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>Ticks that are multiples of the nice step and lie inside [lo, hi].</summary>
    public static IReadOnlyList<double> Ticks(double lo, double hi, int count)
    {
        if (hi < lo)
        {
            (lo, hi) = (hi, lo);
        }

        if (hi == lo)
        {
            return [lo];
        }

        var step = Step(hi - lo, count);
        var first = Math.Ceiling(lo / step - 1e-9);
        var last = Math.Floor(hi / step + 1e-9);
        var ticks = new List<double>();
        for (var k = first; k <= last; k++)
        {
            var t = Math.Round(k * step, 12);
            ticks.Add(t == 0 ? 0 : t);
        }

        return ticks;
    }
}
