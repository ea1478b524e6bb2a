namespace Kosmo.Data.Synthetic;

/// <summary>Options of the synthetic KRX-like market generator.</summary>
public sealed record SyntheticOptions
{
    /// <summary>Number of common stocks (preferreds and SPACs are added on top, about 8% more).</summary>
    public int Stocks { get; init; } = 300;

    /// <summary>Years of trading days (about 248 weekdays each).</summary>
    public int Years { get; init; } = 6;

    /// <summary>Generator seed: the same options give the same market, bit for bit.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>First calendar day (a date before 2015-06-15 exercises the ±15% price-limit regime).</summary>
    public DateOnly Start { get; init; } = new(2014, 1, 2);

    /// <summary>Daily standard deviation of the planted momentum drift (the weak persistent component).</summary>
    public double MomentumDriftSd { get; init; } = 0.0012;

    /// <summary>AR(1) persistence of the momentum drift per day (0.995: half-life about 140 trading days).</summary>
    public double MomentumPersistence { get; init; } = 0.995;
}
