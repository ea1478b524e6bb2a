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
    private readonly Tensor _ones;
    private readonly Tensor _zeros;

    /// <summary>Creates n GRNs named "{name}.0" .. "{name}.{n-1}".</summary>
    public GrnBank(string name, int count, int dimension, float dropout, Random rng)
    {
        Networks = Enumerable.Range(0, count)
            .Select(i => new GatedResidualNetwork($"{name}.{i}", dimension, dimension, dimension, 0, dropout, rng))
            .ToArray();
        Count = count;
        Dimension = dimension;
        _dropout = dropout;
        _ones = Tensor.Full(1f, dimension);
        _zeros = Tensor.Zeros(dimension);
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

        var h = Affine(x, Networks.Select(g => g.Fc2.Weight), Networks.Select(g => g.Fc2.Bias!));
        h = Affine(Ops.Elu(h), Networks.Select(g => g.Fc1.Weight), Networks.Select(g => g.Fc1.Bias!));
        if (dropoutRng is not null && _dropout > 0f)
        {
            h = Ops.Dropout(h, _dropout, dropoutRng);
        }

        var gate = Ops.Glu(Affine(h, Networks.Select(g => g.Glu.Fc.Weight), Networks.Select(g => g.Glu.Fc.Bias!)));
        var normed = Ops.LayerNorm(Ops.Add(x, gate), _ones, _zeros);
        var gamma = Ops.Reshape(Ops.Stack(Networks.Select(g => (Tensor)g.Norm.Weight).ToList(), 0), Count, 1, Dimension);
        var beta = Ops.Reshape(Ops.Stack(Networks.Select(g => (Tensor)g.Norm.Bias).ToList(), 0), Count, 1, Dimension);
        return Ops.Add(Ops.Mul(normed, gamma), beta);
    }

    // y[i] = x[i]·W[i]ᵀ + b[i]. // x: (n, N, I), W[i]: (O, I), b[i]: (O) -> (n, N, O)
    private Tensor Affine(Tensor x, IEnumerable<Parameter> weights, IEnumerable<Parameter> biases)
    {
        var w = Ops.Stack(weights.Cast<Tensor>().ToList(), 0);
        var b = Ops.Stack(biases.Cast<Tensor>().ToList(), 0);
        var y = Ops.BatchMatMul(x, w, transB: true);
        return Ops.Add(y, Ops.Reshape(b, Count, 1, b.Dim(1)));
    }
}
