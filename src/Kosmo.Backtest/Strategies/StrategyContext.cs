using Kosmo.Core;

namespace Kosmo.Backtest.Strategies;

/// <summary>What a strategy may see at the close of date index <see cref="T"/>: the panel up to T and signals at T.</summary>
public sealed class StrategyContext
{
    internal StrategyContext(Panel panel, SignalMatrix? signals, bool[]? mask, double[] currentWeights, int[] entryIndex, bool[] delisted)
    {
        Panel = panel;
        Signals = signals;
        Mask = mask;
        CurrentWeights = currentWeights;
        EntryIndex = entryIndex;
        Delisted = delisted;
    }

    /// <summary>The panel (read only rows ≤ <see cref="T"/>).</summary>
    public Panel Panel { get; }

    /// <summary>Aligned signals, or null for signal-free strategies.</summary>
    public SignalMatrix? Signals { get; }

    /// <summary>Optional buy universe, code-major (N, T).</summary>
    public bool[]? Mask { get; }

    /// <summary>Current date index (the signal date).</summary>
    public int T { get; internal set; }

    /// <summary>Current weights at the close of T, length N.</summary>
    public double[] CurrentWeights { get; }

    /// <summary>Date index at which each current holding was opened (−1 when flat), length N.</summary>
    public int[] EntryIndex { get; }

    private bool[] Delisted { get; }

    /// <summary>Days a code has been held at T (0 when flat).</summary>
    public int HeldDays(int i) => EntryIndex[i] < 0 ? 0 : T - EntryIndex[i];

    /// <summary>The codes held at T (current weight above 0), in ascending order.</summary>
    internal List<int> HeldCodes()
    {
        var held = new List<int>();
        for (var i = 0; i < CurrentWeights.Length; i++)
        {
            if (CurrentWeights[i] > 0) { held.Add(i); }
        }

        return held;
    }

    /// <summary>True when code i trades at T, is in the mask and is not delisted.</summary>
    public bool Eligible(int i) =>
        !Delisted[i] && Panel.IsTrading(i, T) && (Mask is null || Mask[(i * Panel.DateCount) + T]);

    /// <summary>P(up) at T, NaN when absent.</summary>
    public float PUp(int i) => Signals is null ? float.NaN : Signals.PUp[(T * Signals.CodeCount) + i];

    /// <summary>P(up) − P(down) at T, NaN when absent.</summary>
    public float Score(int i) => Signals is null ? float.NaN : Signals.PUp[(T * Signals.CodeCount) + i] - Signals.PDown[(T * Signals.CodeCount) + i];
}
