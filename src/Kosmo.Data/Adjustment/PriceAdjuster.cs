namespace Kosmo.Data.Adjustment;

/// <summary>
/// Derives split / corporate-action adjustment factors for raw price series and back-adjusts them.
/// </summary>
/// <remarks>
/// KRX reports a day's change (marcap <c>ChagesRatio</c>) against the base price adjusted for a split or capital change,
/// while the raw close jumps: a 1:5 split shows close / previous close ≈ 0.2 but a reported change of a few percent.
/// Where <c>|(close / previous close) / (1 + reported change) − 1| &gt; </c><see cref="Tolerance"/>, the day is a corporate
/// action: its return is the reported change and every earlier price is multiplied by
/// <c>factor = (close / previous close) / (1 + reported change)</c>. Where a source publishes an adjusted close
/// (Yahoo adj_close, or back-adjusted sources such as pykrx/FDR whose close already is adjusted), the source's own adjusted
/// series is used instead and no factor is derived. The back-adjusted series ends at the last raw close.
/// </remarks>
public sealed class PriceAdjuster
{
    /// <summary>Creates an adjuster.</summary>
    /// <param name="tolerance">Relative disagreement between the raw ratio and the reported change above which a day is a
    /// corporate action (default 0.01: marcap reports change to 0.01 percentage points, so rounding is far below this).</param>
    /// <exception cref="ArgumentOutOfRangeException">tolerance not in (0, 1).</exception>
    public PriceAdjuster(double tolerance = 0.01)
    {
        if (!(tolerance > 0 && tolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "tolerance must be in (0, 1)");
        }

        Tolerance = tolerance;
    }

    /// <summary>Relative tolerance of the raw-ratio versus reported-change comparison.</summary>
    public double Tolerance { get; }

    /// <summary>
    /// The split-consistent gross return (1 + r) from the previous trading day to this one in a raw source.
    /// Returns the raw ratio unless the reported change disagrees with it by more than <see cref="Tolerance"/>, in which
    /// case it returns 1 + reported change and sets <paramref name="corporateAction"/>.
    /// </summary>
    /// <param name="previousClose">Raw close of the previous trading day (&gt; 0).</param>
    /// <param name="close">Raw close today (&gt; 0).</param>
    /// <param name="reportedChange">Source's change ratio as a fraction; NaN when absent (then the raw ratio is returned).</param>
    /// <param name="corporateAction">True when the day is a corporate action.</param>
    /// <returns>The gross return; NaN when either close is not a positive finite number.</returns>
    public double LinkRatio(double previousClose, double close, double reportedChange, out bool corporateAction)
    {
        corporateAction = false;
        if (!(previousClose > 0 && close > 0) || !double.IsFinite(previousClose) || !double.IsFinite(close))
        {
            return double.NaN;
        }

        var raw = close / previousClose;
        if (!double.IsFinite(reportedChange) || reportedChange <= -1)
        {
            return raw;
        }

        var reported = 1 + reportedChange;
        if (Math.Abs(raw / reported - 1) > Tolerance)
        {
            corporateAction = true;
            return reported;
        }

        return raw;
    }

    /// <summary>
    /// Finds the corporate-action days of one raw series of consecutive trading days.
    /// </summary>
    /// <param name="code">Code stamped on the events.</param>
    /// <param name="dates">Trading dates, length n.</param>
    /// <param name="close">Raw closes, length n (NaN or ≤ 0 where missing).</param>
    /// <param name="changeRatio">Reported change as a fraction, length n (NaN where absent).</param>
    /// <returns>Events in date order with their factors.</returns>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    public IReadOnlyList<AdjustmentEvent> DetectEvents(string code, IReadOnlyList<DateOnly> dates, ReadOnlySpan<double> close, ReadOnlySpan<double> changeRatio)
    {
        ArgumentNullException.ThrowIfNull(dates);
        if (dates.Count != close.Length || close.Length != changeRatio.Length)
        {
            throw new ArgumentException($"dates ({dates.Count}), close ({close.Length}) and changeRatio ({changeRatio.Length}) must have the same length.");
        }

        var events = new List<AdjustmentEvent>();
        var prev = -1;
        for (var t = 0; t < close.Length; t++)
        {
            if (!(close[t] > 0))
            {
                continue;
            }

            if (prev >= 0)
            {
                var link = LinkRatio(close[prev], close[t], changeRatio[t], out var action);
                if (action)
                {
                    events.Add(new AdjustmentEvent(code, dates[t], close[prev], close[t], changeRatio[t], close[t] / close[prev] / link));
                }
            }

            prev = t;
        }

        return events;
    }

    /// <summary>
    /// Back-adjusts a raw series of consecutive trading days: the adjusted close's daily returns are the split-consistent
    /// link ratios (<see cref="LinkRatio"/>) and its last finite value equals the last raw close.
    /// </summary>
    /// <param name="close">Raw closes, length n (NaN or ≤ 0 where missing; stays NaN in the output).</param>
    /// <param name="changeRatio">Reported change as a fraction, length n (NaN where absent).</param>
    /// <returns>Adjusted closes, length n.</returns>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    public double[] BackAdjust(ReadOnlySpan<double> close, ReadOnlySpan<double> changeRatio)
    {
        if (close.Length != changeRatio.Length)
        {
            throw new ArgumentException($"close ({close.Length}) and changeRatio ({changeRatio.Length}) must have the same length.");
        }

        var adjusted = new double[close.Length];
        Array.Fill(adjusted, double.NaN);
        var prev = -1;
        for (var t = 0; t < close.Length; t++)
        {
            if (!(close[t] > 0))
            {
                continue;
            }

            adjusted[t] = prev < 0 ? 1.0 : adjusted[prev] * LinkRatio(close[prev], close[t], changeRatio[t], out _);
            prev = t;
        }

        if (prev >= 0)
        {
            var scale = close[prev] / adjusted[prev];
            for (var t = 0; t <= prev; t++)
            {
                adjusted[t] *= scale;
            }
        }

        return adjusted;
    }

    /// <summary>
    /// Back-adjustment factors from a source's own adjusted close: factor[t] = adjClose[t] / close[t], rescaled so the
    /// last finite factor is 1 (the series ends at the last raw close).
    /// </summary>
    /// <param name="close">Raw closes, length n.</param>
    /// <param name="adjClose">The source's adjusted closes, length n.</param>
    /// <returns>Factors, length n (NaN where either input is missing).</returns>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    public static double[] FactorsFromAdjustedClose(ReadOnlySpan<double> close, ReadOnlySpan<double> adjClose)
    {
        if (close.Length != adjClose.Length)
        {
            throw new ArgumentException($"close ({close.Length}) and adjClose ({adjClose.Length}) must have the same length.");
        }

        var factors = new double[close.Length];
        var last = double.NaN;
        for (var t = 0; t < close.Length; t++)
        {
            factors[t] = close[t] > 0 && adjClose[t] > 0 ? adjClose[t] / close[t] : double.NaN;
            if (double.IsFinite(factors[t]))
            {
                last = factors[t];
            }
        }

        for (var t = 0; t < factors.Length; t++)
        {
            factors[t] /= last;
        }

        return factors;
    }
}
