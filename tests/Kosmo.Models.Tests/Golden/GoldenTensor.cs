namespace Kosmo.Models.Tests.Golden;

/// <summary>
/// One tensor of a golden file: row-major (C order) values with their PyTorch shape. Float tensors fill
/// <see cref="Values"/>; int32 tensors (s_cat, y) fill <see cref="Ints"/>.
/// </summary>
internal sealed class GoldenTensor
{
    /// <summary>Creates a tensor.</summary>
    public GoldenTensor(string group, string name, string dtype, int[] shape, float[] values, int[] ints)
    {
        Group = group;
        Name = name;
        Dtype = dtype;
        Shape = shape;
        Values = values;
        Ints = ints;
    }

    /// <summary>input, output, intermediate, param, grad or input_grad.</summary>
    public string Group { get; }

    /// <summary>PyTorch name (parameters: <c>named_parameters()</c> names such as <c>lstm.weight_ih_l0</c>).</summary>
    public string Name { get; }

    /// <summary>float32 or int32.</summary>
    public string Dtype { get; }

    /// <summary>PyTorch shape; empty for a scalar. nn.Linear weights are (out, in).</summary>
    public int[] Shape { get; }

    /// <summary>Float values, row-major; empty for int32 tensors.</summary>
    public float[] Values { get; }

    /// <summary>Integer values, row-major; empty for float32 tensors.</summary>
    public int[] Ints { get; }

    /// <summary>Number of elements (product of the shape; 1 for a scalar).</summary>
    public int Count => Shape.Aggregate(1, (a, b) => a * b);

    /// <summary>The float at a multi-index (row-major).</summary>
    /// <exception cref="ArgumentException">Wrong number of indices.</exception>
    public float At(params int[] index) => Values[Flat(index)];

    /// <summary>Row-major flat offset of a multi-index.</summary>
    /// <exception cref="ArgumentException">Wrong number of indices or an index out of range.</exception>
    public int Flat(params int[] index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.Length != Shape.Length)
        {
            throw new ArgumentException($"{Name} has rank {Shape.Length}, got {index.Length} indices.", nameof(index));
        }

        var flat = 0;
        for (var d = 0; d < index.Length; d++)
        {
            if (index[d] < 0 || index[d] >= Shape[d])
            {
                throw new ArgumentException($"Index {index[d]} out of range for axis {d} of {Name} ({Shape[d]}).", nameof(index));
            }

            flat = (flat * Shape[d]) + index[d];
        }

        return flat;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Group}/{Name} ({Dtype}, [{string.Join(", ", Shape)}])";
}
