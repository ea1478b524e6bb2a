using Kosmo.Core;

namespace Kosmo.Backtest;

/// <summary>
/// Signals aligned to a panel: P(up) and P(down) per (date, code), date-major for fast daily scans
/// (<c>pUp: (T, N)</c>, index <c>t * N + i</c>); NaN where a code has no signal on a date.
/// </summary>
public sealed class SignalMatrix
{
    /// <summary>Wraps date-major arrays of length T × N.</summary>
    /// <exception cref="ArgumentException">An array length is not T × N.</exception>
    public SignalMatrix(Panel panel, float[] pUp, float[] pDown)
        : this((panel ?? throw new ArgumentNullException(nameof(panel))).DateCount, panel.CodeCount, pUp, pDown)
    {
    }

    /// <summary>Wraps date-major arrays of length <paramref name="dateCount"/> × <paramref name="codeCount"/>.</summary>
    /// <exception cref="ArgumentException">An array length is not T × N.</exception>
    public SignalMatrix(int dateCount, int codeCount, float[] pUp, float[] pDown)
    {
        ArgumentNullException.ThrowIfNull(pUp);
        ArgumentNullException.ThrowIfNull(pDown);
        var size = dateCount * codeCount;
        if (pUp.Length != size || pDown.Length != size)
        {
            throw new ArgumentException($"Signal arrays must have T × N = {size} entries (got {pUp.Length} and {pDown.Length}).", nameof(pUp));
        }

        DateCount = dateCount;
        CodeCount = codeCount;
        PUp = pUp;
        PDown = pDown;
        for (var t = 0; t < DateCount && FirstIndex < 0; t++)
        {
            for (var i = 0; i < CodeCount; i++)
            {
                if (float.IsFinite(pUp[t * CodeCount + i]))
                {
                    FirstIndex = t;
                    break;
                }
            }
        }
    }

    /// <summary>Number of dates T (the panel's).</summary>
    public int DateCount { get; }

    /// <summary>Number of codes N (the panel's).</summary>
    public int CodeCount { get; }

    /// <summary>P(up), date-major (T, N); NaN = no signal.</summary>
    public float[] PUp { get; }

    /// <summary>P(down), date-major (T, N); NaN = no signal.</summary>
    public float[] PDown { get; }

    /// <summary>First date index holding any signal, or −1 when empty.</summary>
    public int FirstIndex { get; } = -1;

    /// <summary>Signals of a frame that fall outside the panel's dates or codes (ignored).</summary>
    public int Dropped { get; private init; }

    /// <summary>True when (t, i) has a signal.</summary>
    public bool Has(int t, int i) => float.IsFinite(PUp[t * CodeCount + i]);

    /// <summary>Aligns a <see cref="SignalFrame"/> to a panel; rows whose date or code the panel lacks are counted in <see cref="Dropped"/>.</summary>
    public static SignalMatrix FromFrame(SignalFrame frame, Panel panel)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(panel);
        var n = panel.CodeCount;
        var up = new float[panel.DateCount * n];
        var down = new float[up.Length];
        Array.Fill(up, float.NaN);
        Array.Fill(down, float.NaN);
        var dropped = 0;
        var lastDate = DateOnly.MinValue;
        var t = -1;
        foreach (var s in frame.Rows)
        {
            if (s.Date != lastDate)
            {
                lastDate = s.Date;
                t = panel.IndexOfDate(s.Date);
            }

            var i = t < 0 ? -1 : panel.IndexOfCode(s.Code);
            if (i < 0)
            {
                dropped++;
                continue;
            }

            up[t * n + i] = s.PUp;
            down[t * n + i] = s.PDown;
        }

        return new SignalMatrix(panel, up, down) { Dropped = dropped };
    }
}
