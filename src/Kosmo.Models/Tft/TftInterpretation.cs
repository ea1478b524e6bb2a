using Kosmo.Tensors;

namespace Kosmo.Models.Tft;

/// <summary>
/// The interpretable outputs of one TFT-Lite forward pass, copied into reusable arrays (no allocation once sized):
/// attention (B, L, L) averaged over heads, temporal variable weights (B, L, K), static weights (B, S + R).
/// </summary>
public sealed class TftInterpretation
{
    private float[] _attention = [];
    private float[] _temporal = [];
    private float[] _static = [];

    /// <summary>Creates an empty holder for K temporal and n static variables.</summary>
    public TftInterpretation(int reals, int statics)
    {
        Reals = reals;
        Statics = statics;
    }

    /// <summary>K.</summary>
    public int Reals { get; }

    /// <summary>n = S + R.</summary>
    public int Statics { get; }

    /// <summary>B of the last pass (0 before any).</summary>
    public int Batch { get; private set; }

    /// <summary>L of the last pass.</summary>
    public int Lookback { get; private set; }

    /// <summary>(B, L, L) row-major: row q attends to key k ≤ q (query = day index in the window).</summary>
    public ReadOnlySpan<float> Attention => _attention.AsSpan(0, Batch * Lookback * Lookback);

    /// <summary>(B, L, K) row-major.</summary>
    public ReadOnlySpan<float> TemporalWeights => _temporal.AsSpan(0, Batch * Lookback * Reals);

    /// <summary>(B, n) row-major.</summary>
    public ReadOnlySpan<float> StaticWeights => _static.AsSpan(0, Batch * Statics);

    /// <summary>Copies a forward pass's tensors. // attention (B, L, L), temporal (B, L, K), static (B, n)</summary>
    /// <exception cref="ArgumentException">Shapes disagree with K and n.</exception>
    public void CopyFrom(Tensor attention, Tensor temporal, Tensor statics)
    {
        ArgumentNullException.ThrowIfNull(attention);
        ArgumentNullException.ThrowIfNull(temporal);
        ArgumentNullException.ThrowIfNull(statics);
        int b = attention.Dim(0), l = attention.Dim(1);
        if (temporal.Size != b * l * Reals || statics.Size != b * Statics)
        {
            throw new ArgumentException($"TftInterpretation: shapes disagree with K={Reals}, n={Statics}.");
        }

        Batch = b;
        Lookback = l;
        Copy(attention, ref _attention);
        Copy(temporal, ref _temporal);
        Copy(statics, ref _static);
    }

    private static void Copy(Tensor t, ref float[] dst)
    {
        if (dst.Length < t.Size)
        {
            dst = new float[t.Size];
        }

        t.Span.CopyTo(dst);
    }
}
