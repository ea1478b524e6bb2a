using Kosmo.Tensors;

namespace Kosmo.Models.Tft;

/// <summary>
/// The interpretable outputs of one TFT-Lite forward pass, copied into reusable arrays (no allocation once sized):
/// attention (B, Q, L) averaged over heads (Q = L query rows after a full forward, Q = 1 — the forecast query only —
/// after <see cref="TftLite.ForwardLastStep"/>), temporal variable weights (B, L, K), static weights (B, S + R).
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

    /// <summary>Q: query rows held per sample, L (all days) or 1 (the forecast day L − 1 only).</summary>
    public int QueryRows { get; private set; }

    /// <summary>(B, Q, L) row-major: with Q = L row q attends to key k ≤ q (query = day index in the window); with Q = 1 the row is query L − 1.</summary>
    public ReadOnlySpan<float> Attention => _attention.AsSpan(0, Batch * QueryRows * Lookback);

    /// <summary>(B, L, K) row-major.</summary>
    public ReadOnlySpan<float> TemporalWeights => _temporal.AsSpan(0, Batch * Lookback * Reals);

    /// <summary>(B, n) row-major.</summary>
    public ReadOnlySpan<float> StaticWeights => _static.AsSpan(0, Batch * Statics);

    /// <summary>Copies a forward pass's tensors. // attention (B, L, L) or (B, 1, L), temporal (B, L, K), static (B, n)</summary>
    /// <exception cref="ArgumentException">Shapes disagree with K and n.</exception>
    public void CopyFrom(Tensor attention, Tensor temporal, Tensor statics)
    {
        ArgumentNullException.ThrowIfNull(attention);
        ArgumentNullException.ThrowIfNull(temporal);
        ArgumentNullException.ThrowIfNull(statics);
        int b = attention.Dim(0), q = attention.Dim(1), l = attention.Dim(2);
        if ((q != 1 && q != l) || temporal.Size != b * l * Reals || statics.Size != b * Statics)
        {
            throw new ArgumentException($"TftInterpretation: shapes disagree with K={Reals}, n={Statics}.");
        }

        Batch = b;
        Lookback = l;
        QueryRows = q;
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
