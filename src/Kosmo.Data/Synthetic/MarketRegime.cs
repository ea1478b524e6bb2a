namespace Kosmo.Data.Synthetic;

/// <summary>
/// The market factor: a three-state Markov regime (calm, bull, bear) with its own mean and volatility, and
/// Student-t(4) daily shocks. <see cref="Return"/> is indexed by calendar day.
/// </summary>
internal sealed class MarketRegime
{
    private static readonly (double Mu, double Sd)[] _states = [(0.0003, 0.008), (0.0008, 0.010), (-0.0012, 0.020)];

    public MarketRegime(Random rng, int days)
    {
        Return = new double[days];
        State = new int[days];
        var state = 0;
        for (var t = 0; t < days; t++)
        {
            if (rng.NextDouble() < 0.01)
            {
                state = (state + 1 + rng.Next(2)) % 3;
            }

            State[t] = state;
            Return[t] = _states[state].Mu + _states[state].Sd * SyntheticUniverse.StudentT(rng, 4);
        }
    }

    /// <summary>Market factor return per day.</summary>
    public double[] Return { get; }

    /// <summary>Regime per day: 0 calm, 1 bull, 2 bear.</summary>
    public int[] State { get; }

    /// <summary>The regime's volatility on day t.</summary>
    public double Vol(int t) => _states[State[t]].Sd;
}
