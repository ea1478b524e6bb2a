namespace Kosmo.Backtest.Strategies;

/// <summary>Which number ranks the codes.</summary>
public enum ScoreKind
{
    /// <summary>P(up).</summary>
    PUp = 0,

    /// <summary>P(up) − P(down).</summary>
    UpMinusDown = 1,
}
