namespace Kosmo.Reports.Charts;

/// <summary>A linear scale from [d0, d1] to pixels [r0, r1]. A zero-width domain maps to the range middle.</summary>
internal sealed class LinearScale : IScale
{
    private readonly double _d0;
    private readonly double _d1;
    private readonly double _r0;
    private readonly double _r1;

    public LinearScale(double d0, double d1, double r0, double r1)
    {
        _d0 = d0;
        _d1 = d1;
        _r0 = r0;
        _r1 = r1;
    }

    public double DomainMin => Math.Min(_d0, _d1);

    public double DomainMax => Math.Max(_d0, _d1);

    public double Map(double value) =>
        _d1 == _d0 ? (_r0 + _r1) / 2 : _r0 + (value - _d0) / (_d1 - _d0) * (_r1 - _r0);

    public IReadOnlyList<double> Ticks(int count) => NiceTicks.Ticks(_d0, _d1, count);

    /// <summary>A domain [lo, hi] widened to nice step boundaries (and by a little when lo == hi).</summary>
    public static (double Lo, double Hi) NiceDomain(double lo, double hi, int count)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi))
        {
            return (0, 1);
        }

        if (hi == lo)
        {
            var pad = lo == 0 ? 1 : Math.Abs(lo) * 0.1;
            return (lo - pad, hi + pad);
        }

        var step = NiceTicks.Step(hi - lo, count);
        return (Math.Floor(lo / step + 1e-9) * step, Math.Ceiling(hi / step - 1e-9) * step);
    }
}
