namespace Kosmo.Reports.Charts;

/// <summary>
/// A base-10 logarithmic scale from [d0, d1] (both &gt; 0) to pixels [r0, r1]. Non-positive values are
/// clamped to the domain minimum so the SVG never receives NaN or infinity.
/// </summary>
internal sealed class LogScale : IScale
{
    private readonly LinearScale _inner;

    /// <exception cref="ArgumentOutOfRangeException">When d0 or d1 is not positive and finite.</exception>
    public LogScale(double d0, double d1, double r0, double r1)
    {
        if (!(d0 > 0) || !(d1 > 0) || !double.IsFinite(d0) || !double.IsFinite(d1))
        {
            throw new ArgumentOutOfRangeException(nameof(d0), $"A log scale needs a positive domain, got [{d0}, {d1}].");
        }

        DomainMin = Math.Min(d0, d1);
        DomainMax = Math.Max(d0, d1);
        _inner = new LinearScale(Math.Log10(d0), Math.Log10(d1), r0, r1);
    }

    public double DomainMin { get; }

    public double DomainMax { get; }

    public double Map(double value) => _inner.Map(Math.Log10(value > 0 && double.IsFinite(value) ? value : DomainMin));

    /// <summary>
    /// Ticks at 1, 2, 5 × 10^k inside the domain; when that gives fewer than 3 (a domain under one decade), nice
    /// linear ticks inside the domain instead; when it gives far too many, only the powers of ten.
    /// </summary>
    public IReadOnlyList<double> Ticks(int count)
    {
        var lo = Math.Floor(Math.Log10(DomainMin));
        var hi = Math.Ceiling(Math.Log10(DomainMax));
        var ticks = new List<double>();
        for (var k = lo; k <= hi; k++)
        {
            foreach (var m in new[] { 1.0, 2.0, 5.0 })
            {
                var t = m * Math.Pow(10, k);
                t = Math.Round(t, 12 - (int)Math.Max(k, -12));
                if (t >= DomainMin * (1 - 1e-12) && t <= DomainMax * (1 + 1e-12))
                {
                    ticks.Add(t);
                }
            }
        }

        if (ticks.Count < 3)
        {
            return NiceTicks.Ticks(DomainMin, DomainMax, count);
        }

        if (ticks.Count > count * 3 / 2)
        {
            return ticks.Where(t => Math.Abs(Math.Log10(t) - Math.Round(Math.Log10(t))) < 1e-9).ToList();
        }

        return ticks;
    }
}
