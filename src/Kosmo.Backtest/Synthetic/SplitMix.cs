namespace Kosmo.Backtest.Synthetic;

/// <summary>A small seeded PRNG (SplitMix64) with uniform and normal draws; same seed, same stream on every platform.</summary>
public sealed class SplitMix
{
    private ulong _state;
    private double _spare = double.NaN;

    /// <summary>Starts the stream at <paramref name="seed"/>.</summary>
    public SplitMix(ulong seed) => _state = seed;

    /// <summary>Next 64 random bits.</summary>
    public ulong NextULong()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double Uniform() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal (Box–Muller, pairs cached).</summary>
    public double Normal()
    {
        if (!double.IsNaN(_spare))
        {
            var s = _spare;
            _spare = double.NaN;
            return s;
        }

        var u1 = 1.0 - Uniform();
        var u2 = Uniform();
        var r = Math.Sqrt(-2 * Math.Log(u1));
        _spare = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }
}
