namespace Kosmo.Features.Wavelets;

/// <summary>
/// An orthonormal Daubechies-family wavelet filter (DWT normalisation: Σg = √2, Σg² = 1). The wavelet filter
/// is the quadrature mirror h_l = (−1)^l g_{L−1−l} (Percival &amp; Walden 2000, eq. 75b); the MODWT uses g/√2, h/√2.
/// </summary>
public sealed class WaveletFilter
{
    private WaveletFilter(string name, double[] scaling)
    {
        Name = name;
        Scaling = scaling;
        var L = scaling.Length;
        Wavelet = new double[L];
        for (var l = 0; l < L; l++)
        {
            Wavelet[l] = (l % 2 == 0 ? 1 : -1) * scaling[L - 1 - l];
        }
    }

    /// <summary>Short lower-case name used in feature names (haar, d4, la8).</summary>
    public string Name { get; }

    /// <summary>DWT scaling filter g (length L).</summary>
    public double[] Scaling { get; }

    /// <summary>DWT wavelet filter h (length L).</summary>
    public double[] Wavelet { get; }

    /// <summary>Filter length L.</summary>
    public int Length => Scaling.Length;

    /// <summary>Haar (L = 2).</summary>
    public static WaveletFilter Haar { get; } = new("haar", [Math.Sqrt(0.5), Math.Sqrt(0.5)]);

    /// <summary>Daubechies extremal phase D(4).</summary>
    public static WaveletFilter D4 { get; } = new("d4",
    [
        (1 + Math.Sqrt(3)) / (4 * Math.Sqrt(2)),
        (3 + Math.Sqrt(3)) / (4 * Math.Sqrt(2)),
        (3 - Math.Sqrt(3)) / (4 * Math.Sqrt(2)),
        (1 - Math.Sqrt(3)) / (4 * Math.Sqrt(2)),
    ]);

    /// <summary>Daubechies least asymmetric LA(8) (coefficients as in waveslim / Percival &amp; Walden).</summary>
    public static WaveletFilter La8 { get; } = new("la8",
    [
        -0.07576571478935668, -0.02963552764596039, 0.49761866763256290, 0.80373875180538600,
        0.29785779560560505, -0.09921954357695636, -0.01260396726226383, 0.03222310060407815,
    ]);

    /// <summary>A filter by name (haar, d4, la8; case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static WaveletFilter ByName(string name) => name.ToLowerInvariant() switch
    {
        "haar" => Haar,
        "d4" => D4,
        "la8" => La8,
        _ => throw new ArgumentException($"Unknown wavelet filter '{name}' (known: haar, d4, la8).", nameof(name)),
    };

    /// <summary>Width of the level-j MODWT equivalent filter, L_j = (2^j − 1)(L − 1) + 1.</summary>
    public int EquivalentWidth(int level) => ((1 << level) - 1) * (Length - 1) + 1;
}
