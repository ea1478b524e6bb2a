namespace Kosmo.Tensors;

/// <summary>
/// A trainable tensor: value in <see cref="Tensor.Data"/>, gradient in <see cref="Tensor.Grad"/> (accumulated by
/// backward until <see cref="Tensor.ZeroGrad"/> or an optimiser's ZeroGrad). Never pooled.
/// </summary>
public sealed class Parameter : Tensor
{
    /// <summary>A parameter with the given name, initial values (not copied) and shape.</summary>
    public Parameter(string name, float[] data, params int[] shape)
        : base(data, shape)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        RequiresGrad = true;
    }

    /// <summary>Name used in weight files and error messages.</summary>
    public string Name { get; }

    /// <summary>A zero parameter.</summary>
    public static Parameter CreateZeros(string name, params int[] shape) => new(name, new float[Product(CheckShape(shape))], shape);

    /// <summary>Uniform(-bound, bound) initialisation, as PyTorch's Linear with bound = 1/sqrt(fanIn).</summary>
    public static Parameter CreateUniform(string name, Random rng, float bound, params int[] shape)
    {
        var t = Uniform(rng, -bound, bound, shape);
        return new Parameter(name, t.Data, shape);
    }

    /// <summary>Normal(0, std) initialisation.</summary>
    public static Parameter CreateNormal(string name, Random rng, float std, params int[] shape)
    {
        var t = Randn(rng, std, shape);
        return new Parameter(name, t.Data, shape);
    }

    // Gradients of replicas 1.. of Replicas.Run (replica 0 uses Grad); index r is touched only by the thread running r.
    private float[]?[]? _replicaGrads;

    internal float[]? ReplicaGrad(int r) => _replicaGrads?[r];

    internal void SetReplicaGrad(int r, float[]? value)
    {
        if (_replicaGrads is null)
        {
            Interlocked.CompareExchange(ref _replicaGrads, new float[]?[Replicas.Max], null);
        }

        _replicaGrads![r] = value;
    }

    internal void ClearReplicaGrad(int r)
    {
        if (_replicaGrads?[r] is { } g)
        {
            Array.Clear(g, 0, Size);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Parameter {Name}{ShapeText(ShapeRef)}";
}
