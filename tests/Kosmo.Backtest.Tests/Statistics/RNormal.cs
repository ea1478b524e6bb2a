namespace Kosmo.Backtest.Tests.Statistics;

/// <summary>
/// R's default normal generator, bit for bit, so that a published R example's inputs can be rebuilt from its seed:
/// <c>set.seed(seed)</c> (R's scrambling: 50 then 625 steps of the LCG s ← 69069 s + 1, the first word the
/// Mersenne-Twister position 624), the Mersenne-Twister MT19937 (Matsumoto and Nishimura 1998), <c>unif_rand</c>
/// (a 32-bit draw × 2.3283064365386963e-10, kept off 0 and 1) and <c>norm_rand</c> with <c>normal.kind =
/// "Inversion"</c> (two uniforms u = ⌊2²⁷ u₁⌋ + u₂, then Φ⁻¹(u / 2²⁷) by Wichura's AS241). Checked against R's
/// well-known outputs (set.seed(42); rnorm(5)) and tools/pbo_published.py's checkpoints.
/// </summary>
internal sealed class RNormal
{
    private const int N = 624;
    private readonly uint[] mt = new uint[N];
    private int mti;

    /// <summary>The state after R's <c>set.seed(seed)</c> with the default kinds.</summary>
    public RNormal(int seed)
    {
        var s = unchecked((uint)seed);
        for (var j = 0; j < 50; j++)
        {
            s = unchecked((69069 * s) + 1);
        }

        s = unchecked((69069 * s) + 1); // the first seed word is the position, fixed to 624 (regenerate on first use)
        for (var j = 0; j < N; j++)
        {
            s = unchecked((69069 * s) + 1);
            mt[j] = s;
        }

        mti = N;
    }

    /// <summary>R's <c>unif_rand()</c>.</summary>
    public double Uniform()
    {
        var v = Next() * 2.3283064365386963e-10;
        const double i2_32m1 = 2.328306437080797e-10;
        return v <= 0 ? 0.5 * i2_32m1 : (1 - v <= 0 ? 1 - (0.5 * i2_32m1) : v);
    }

    /// <summary>R's <c>norm_rand()</c> (Inversion).</summary>
    public double Normal()
    {
        const double big = 134217728; // 2^27
        var u = Uniform();
        u = (int)(big * u) + Uniform();
        return InverseNormal(u / big);
    }

    /// <summary>The next tempered 32-bit MT19937 output.</summary>
    private uint Next()
    {
        if (mti >= N)
        {
            for (var k = 0; k < N; k++)
            {
                var y = (mt[k] & 0x80000000u) | (mt[(k + 1) % N] & 0x7fffffffu);
                mt[k] = mt[(k + 397) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
            }

            mti = 0;
        }

        var x = mt[mti++];
        x ^= x >> 11;
        x ^= (x << 7) & 0x9d2c5680u;
        x ^= (x << 15) & 0xefc60000u;
        x ^= x >> 18;
        return x;
    }

    /// <summary>Φ⁻¹(p) by Wichura's AS241 (PPND16), the algorithm of R's qnorm.</summary>
    private static double InverseNormal(double p)
    {
        var q = p - 0.5;
        double num, den;
        if (Math.Abs(q) <= 0.425)
        {
            var r = 0.180625 - (q * q);
            num = (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                + 133.14166789178437745) * r + 3.387132872796366608) * q;
            den = ((((((5226.495278852545561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
                + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                + 42.313330701600911252) * r + 1.0;
            return num / den;
        }

        var t = Math.Sqrt(-Math.Log(q <= 0 ? p : 1 - p));
        if (t <= 5)
        {
            t -= 1.6;
            num = ((((((0.00077454501427834140764 * t + 0.0227238449892691845833) * t + 0.24178072517745061177) * t
                + 1.27045825245236838258) * t + 3.64784832476320460504) * t + 5.7694972214606914055) * t
                + 4.6303378461565452959) * t + 1.42343711074968357734;
            den = ((((((1.05075007164441684324e-9 * t + 0.0005475938084995344946) * t + 0.0151986665636164571966) * t
                + 0.14810397642748007459) * t + 0.68976733498510000455) * t + 1.6763848301838038494) * t
                + 2.05319162663775882187) * t + 1.0;
        }
        else
        {
            t -= 5;
            num = ((((((2.01033439929228813265e-7 * t + 2.71155556874348757815e-5) * t + 0.0012426609473880784386) * t
                + 0.026532189526576123093) * t + 0.29656057182850489123) * t + 1.7848265399172913358) * t
                + 5.4637849111641143699) * t + 6.6579046435011037772;
            den = ((((((2.04426310338993978564e-15 * t + 1.4215117583164458887e-7) * t + 1.8463183175100546818e-5) * t
                + 0.0007868691311456132591) * t + 0.0148753612908506148525) * t + 0.13692988092273580531) * t
                + 0.59983220655588793769) * t + 1.0;
        }

        var x = num / den;
        return q < 0 ? -x : x;
    }
}
