using Kosmo.Tensors;

namespace Kosmo.Models.Layers;

/// <summary>
/// n independent context-free GRN(D, D, D) (the per-variable GRNs of a variable-selection network, PyTorch names
/// "{name}.{i}.fc2.weight", ...), evaluated together: the n weight matrices are stacked each call into (n, D, D)
/// and applied with one batched matmul instead of n separate GRN passes. Mathematically identical to running
/// <see cref="GatedResidualNetwork"/> i on slice i. // x: (n, N, D) -> (n, N, D)
/// </summary>
public sealed class GrnBank
{
    private readonly float _dropout;
    private readonly Tensor[] _fc2W;
    private readonly Tensor[] _fc2B;
    private readonly Tensor[] _fc1W;
    private readonly Tensor[] _fc1B;
    private readonly Tensor[] _gluW;
    private readonly Tensor[] _gluB;
    private readonly Tensor[] _gammas;
    private readonly Tensor[] _betas;

    /// <summary>Creates n GRNs named "{name}.0" .. "{name}.{n-1}".</summary>
    public GrnBank(string name, int count, int dimension, float dropout, Random rng)
    {
        Networks = Enumerable.Range(0, count)
            .Select(i => new GatedResidualNetwork($"{name}.{i}", dimension, dimension, dimension, 0, dropout, rng))
            .ToArray();
        Count = count;
        Dimension = dimension;
        _dropout = dropout;
        _fc2W = Networks.Select(g => (Tensor)g.Fc2.Weight).ToArray();
        _fc2B = Networks.Select(g => (Tensor)g.Fc2.Bias!).ToArray();
        _fc1W = Networks.Select(g => (Tensor)g.Fc1.Weight).ToArray();
        _fc1B = Networks.Select(g => (Tensor)g.Fc1.Bias!).ToArray();
        _gluW = Networks.Select(g => (Tensor)g.Glu.Fc.Weight).ToArray();
        _gluB = Networks.Select(g => (Tensor)g.Glu.Fc.Bias!).ToArray();
        _gammas = Networks.Select(g => (Tensor)g.Norm.Weight).ToArray();
        _betas = Networks.Select(g => (Tensor)g.Norm.Bias).ToArray();
    }

    /// <summary>The n networks (each usable on its own).</summary>
    public IReadOnlyList<GatedResidualNetwork> Networks { get; }

    /// <summary>n.</summary>
    public int Count { get; }

    /// <summary>D.</summary>
    public int Dimension { get; }

    /// <summary>All parameters, network 0 first, each in PyTorch order.</summary>
    public IEnumerable<Parameter> Parameters => Networks.SelectMany(g => g.Parameters);

    /// <summary>Applies network i to x[i]. // x: (n, N, D) -> (n, N, D)</summary>
    /// <exception cref="ArgumentException">x is not (n, N, D).</exception>
    public Tensor Forward(Tensor x, Random? dropoutRng = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 3 || x.Dim(0) != Count || x.Dim(2) != Dimension)
        {
            throw new ArgumentException($"GrnBank: expected ({Count}, N, {Dimension}), got ({string.Join(", ", x.Shape)}).", nameof(x));
        }

        var h1 = Kernels.GroupedLinear.Forward(x, _fc2W, _fc2B);
        return Tail(x, h1, dropoutRng);
    }

    /// <summary>
    /// The bank applied to inputs that are per-variable linear projections of scalars, x[i, r, :] = s[i, r]·w[i] + b[i]
    /// (TFT-Lite's Linear(1 → D) input transforms): then fc2 is rank one, fc2(x[i, r]) = s[i, r]·(W2ᵢ·wᵢ) + (W2ᵢ·bᵢ + b2ᵢ),
    /// and no (N·D·D) product is needed. Identical to <c>Forward(s·w + b)</c>.
    /// // s: (n, N, 1), w: (n, 1, D), b: (n, 1, D) -> (n, N, D)
    /// </summary>
    /// <exception cref="ArgumentException">Shapes do not agree.</exception>
    public Tensor ForwardProjected(Tensor s, Tensor w, Tensor b, Random? dropoutRng = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(b);
        if (s.Rank != 3 || s.Dim(0) != Count || s.Dim(2) != 1 || w.Size != Count * Dimension || b.Size != Count * Dimension)
        {
            throw new ArgumentException($"GrnBank: expected s ({Count}, N, 1), w and b ({Count}, 1, {Dimension}).");
        }

        var x = Ops.Add(Ops.Mul(s, w), b);
        var w2 = Ops.Stack(Networks.Select(g => (Tensor)g.Fc2.Weight).ToList(), 0);           // (n, D, D)
        var b2 = Ops.Reshape(Ops.Stack(Networks.Select(g => (Tensor)g.Fc2.Bias!).ToList(), 0), Count, 1, Dimension);
        var u = Ops.Reshape(Ops.BatchMatMul(w2, Ops.Reshape(w, Count, Dimension, 1)), Count, 1, Dimension);
        var c = Ops.Add(Ops.Reshape(Ops.BatchMatMul(w2, Ops.Reshape(b, Count, Dimension, 1)), Count, 1, Dimension), b2);
        var h1 = Ops.Add(Ops.Mul(s, u), c);
        return Tail(x, h1, dropoutRng);
    }

    // ELU, fc1, dropout, then GLU + residual + per-variable LayerNorm fused. // x, h1: (n, N, D) -> (n, N, D)
    private Tensor Tail(Tensor x, Tensor h1, Random? dropoutRng)
    {
        var h = Kernels.GroupedLinear.Forward(Ops.Elu(h1), _fc1W, _fc1B);
        if (dropoutRng is not null && _dropout > 0f)
        {
            h = Ops.Dropout(h, _dropout, dropoutRng);
        }

        return Kernels.GluAddNorm.Forward(Kernels.GroupedLinear.Forward(h, _gluW, _gluB), x, _gammas, _betas);
    }
}
