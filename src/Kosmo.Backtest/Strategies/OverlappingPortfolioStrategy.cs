using Kosmo.Core;

namespace Kosmo.Backtest.Strategies;

/// <summary>
/// Jegadeesh–Titman overlapping portfolio: the book is <see cref="Tranches"/> virtual sub-portfolios; on each call
/// (rebalance day) one tranche, in turn, is sold and re-invested equally in the best <see cref="K"/> eligible codes
/// with a score above <see cref="MinScore"/>, and then held untouched for Tranches calls (Tranches × RebalanceEvery
/// trading days). Tranche values drift with adjusted closes (last known close carried over halts; costs are not
/// charged to tranches, so they only set relative sizes); all tranches start as cash, so the book is fully invested
/// after Tranches calls. The target weight of a code is Σ_tranches units × adjusted close ÷ Σ tranche values, which for
/// the tranches not refreshed equals their drifted weights: pair it with a small <see cref="BacktestOptions.NoTradeBand"/>
/// so that only the refreshed tranche trades. Stateful: the state resets when a new simulation (context) calls it.
/// </summary>
public sealed class OverlappingPortfolioStrategy : IStrategy
{
    private StrategyContext? _context;
    private Tranche[] _tranches = [];
    private int _calls;

    /// <summary>Creates the strategy.</summary>
    /// <exception cref="ArgumentOutOfRangeException">tranches or k is not positive.</exception>
    public OverlappingPortfolioStrategy(int tranches = 4, int k = 20, ScoreKind kind = ScoreKind.UpMinusDown, string name = "overlapping", double minScore = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tranches, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        Tranches = tranches;
        K = k;
        Kind = kind;
        Name = name;
        MinScore = minScore;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Number of tranches h (each held h rebalance calls).</summary>
    public int Tranches { get; }

    /// <summary>Names bought per tranche.</summary>
    public int K { get; }

    /// <summary>Ranking score.</summary>
    public ScoreKind Kind { get; }

    /// <summary>Only scores above this are bought (0).</summary>
    public double MinScore { get; }

    /// <inheritdoc />
    public bool NeedsSignals => true;

    /// <summary>Index of the tranche refreshed by the most recent call (−1 before the first call).</summary>
    public int LastRefreshed => _calls == 0 ? -1 : (_calls - 1) % Tranches;

    /// <summary>Value of each tranche at the last call, as fractions of the initial book (length Tranches).</summary>
    public double[] TrancheValues(StrategyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _tranches.Select(tr => tr.Value(context.Panel, context.T)).ToArray();
    }

    /// <inheritdoc />
    public void Targets(StrategyContext context, double[] weights)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        if (!ReferenceEquals(context, _context))
        {
            _context = context;
            _calls = 0;
            _tranches = Enumerable.Range(0, Tranches).Select(_ => new Tranche(1.0 / Tranches)).ToArray();
        }

        var panel = context.Panel;
        var t = context.T;
        var refresh = _tranches[_calls % Tranches];
        _calls++;

        var value = refresh.Value(panel, t);
        var scores = new double[weights.Length];
        SignalScores.Fill(context, Kind, scores, checkEligible: false);
        var adj = panel.Field(PanelField.AdjClose);
        var top = TopSelector.Top(scores, K, i => scores[i] > MinScore && context.Eligible(i) && adj[(i * panel.DateCount) + t] > 0);
        refresh.Reset(value);
        foreach (var i in top) { refresh.Buy(i, value / K, adj[(i * panel.DateCount) + t], t); }

        var total = 0.0;
        foreach (var tr in _tranches) { total += tr.Value(panel, t); }
        if (total <= 0) { return; }
        foreach (var tr in _tranches) { tr.AddWeights(panel, t, total, weights); }
    }
}
