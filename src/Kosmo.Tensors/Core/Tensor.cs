using System.Text;

namespace Kosmo.Tensors;

/// <summary>
/// A dense float32 tensor: row-major, contiguous, rank 0 to 4. Created by the static factories here or returned by
/// <see cref="Ops"/>; an op output records a backward step on the ambient <see cref="Tape"/> when any input
/// <see cref="RequiresGrad"/> and no <see cref="NoGrad"/> scope is active.
/// </summary>
public class Tensor
{
    /// <summary>Maximum supported rank.</summary>
    public const int MaxRank = 4;

    private readonly int[] _shape;
    private float[]? _grad;

    /// <summary>Wraps <paramref name="data"/> (not copied) with the given shape.</summary>
    /// <exception cref="ArgumentException">Rank above 4, a negative dimension, or data length not equal to the shape's product.</exception>
    public Tensor(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        _shape = CheckShape(shape);
        Size = Product(_shape);
        if (data.Length < Size)
        {
            throw new ArgumentException($"Data length {data.Length} is smaller than shape {ShapeText(_shape)} needs ({Size}).", nameof(data));
        }

        Data = data;
    }

    /// <summary>The values, row-major. May be longer than <see cref="Size"/> when the buffer came from a pool.</summary>
    public float[] Data { get; }

    /// <summary>
    /// The gradient (same layout as <see cref="Data"/>), allocated by backward; null before. For a
    /// <see cref="Parameter"/> inside replica r ≥ 1 of <see cref="Replicas.Run"/>, that replica's own buffer.
    /// </summary>
    public float[]? Grad
    {
        get => this is Parameter p && Replicas.Index != 0 ? p.ReplicaGrad(Replicas.Index) : _grad;
        internal set
        {
            if (this is Parameter p && Replicas.Index != 0)
            {
                p.SetReplicaGrad(Replicas.Index, value);
            }
            else
            {
                _grad = value;
            }
        }
    }

    /// <summary>True when backward must compute a gradient for this tensor.</summary>
    public bool RequiresGrad { get; internal set; }

    /// <summary>Number of elements.</summary>
    public int Size { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>A copy of the shape.</summary>
    public int[] Shape => (int[])_shape.Clone();

    /// <summary>Length of dimension <paramref name="axis"/> (negative counts from the end).</summary>
    public int Dim(int axis) => _shape[NormAxis(axis, Rank)];

    /// <summary>The values as a span of exactly <see cref="Size"/> elements.</summary>
    public Span<float> Span => Data.AsSpan(0, Size);

    internal int[] ShapeRef => _shape;

    /// <summary>A new zero tensor.</summary>
    public static Tensor Zeros(params int[] shape) => new(new float[Product(CheckShape(shape))], shape);

    /// <summary>A new tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = Zeros(shape);
        Array.Fill(t.Data, value);
        return t;
    }

    /// <summary>A tensor holding a copy of <paramref name="values"/> with the given shape.</summary>
    public static Tensor FromArray(float[] values, params int[] shape) => new((float[])values.Clone(), shape);

    /// <summary>A scalar (rank 0) tensor.</summary>
    public static Tensor Scalar(float value) => new([value]);

    /// <summary>Standard normal values from <paramref name="rng"/> times <paramref name="std"/> (Box-Muller).</summary>
    public static Tensor Randn(Random rng, float std, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var t = Zeros(shape);
        for (var i = 0; i < t.Size; i++)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            t.Data[i] = (float)(std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return t;
    }

    /// <summary>Uniform values in [lo, hi) from <paramref name="rng"/>.</summary>
    public static Tensor Uniform(Random rng, float lo, float hi, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var t = Zeros(shape);
        for (var i = 0; i < t.Size; i++)
        {
            t.Data[i] = lo + (float)rng.NextDouble() * (hi - lo);
        }

        return t;
    }

    /// <summary>The single value of a one-element tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element.</exception>
    public float Item() => Size == 1 ? Data[0] : throw new InvalidOperationException($"Item() needs one element; shape is {ShapeText(_shape)}.");

    /// <summary>Element at a full index.</summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public float this[params int[] index]
    {
        get => Data[Offset(index)];
        set => Data[Offset(index)] = value;
    }

    /// <summary>A detached copy of the values (no gradient history).</summary>
    public Tensor Clone() => new(Span.ToArray(), _shape);

    /// <summary>Values as a new array of <see cref="Size"/> elements.</summary>
    public float[] ToArray() => Span.ToArray();

    /// <summary>Runs reverse-mode autodiff from this scalar: see <see cref="Tape.Backward"/>.</summary>
    public void Backward() => Tape.Backward(this);

    /// <summary>Sets the gradient to zero (allocating it if absent).</summary>
    public void ZeroGrad()
    {
        if (Grad is null)
        {
            Grad = new float[Size];
        }
        else
        {
            Array.Clear(Grad, 0, Size);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Tensor{ShapeText(_shape)}";

    /// <summary>
    /// The gradient buffer, allocated zeroed on first use (from the arena pool inside a <see cref="TensorArena"/> scope,
    /// except for parameters). Backward closures of new ops add their contribution into it.
    /// </summary>
    public float[] GradBuffer() => Grad ??= this is Parameter ? new float[Size] : TensorArena.Rent(Size, zeroed: true);

    internal static int Product(int[] shape)
    {
        long p = 1;
        foreach (var d in shape)
        {
            p *= d;
        }

        return p > int.MaxValue ? throw new ArgumentException($"Shape {ShapeText(shape)} has more than 2^31 elements.") : (int)p;
    }

    internal static int[] CheckShape(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length > MaxRank)
        {
            throw new ArgumentException($"Rank {shape.Length} exceeds the maximum of {MaxRank} (shape {ShapeText(shape)}).");
        }

        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Negative dimension in shape {ShapeText(shape)}.");
            }
        }

        return (int[])shape.Clone();
    }

    internal static int NormAxis(int axis, int rank)
    {
        var a = axis < 0 ? axis + rank : axis;
        return a < 0 || a >= rank ? throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for rank {rank}.") : a;
    }

    internal static string ShapeText(int[] shape)
    {
        var sb = new StringBuilder("(");
        sb.AppendJoin(", ", shape);
        return sb.Append(')').ToString();
    }

    private int Offset(int[] index)
    {
        if (index.Length != Rank)
        {
            throw new ArgumentException($"Index of rank {index.Length} for tensor of shape {ShapeText(_shape)}.");
        }

        var off = 0;
        for (var i = 0; i < index.Length; i++)
        {
            if ((uint)index[i] >= (uint)_shape[i])
            {
                throw new IndexOutOfRangeException($"Index {index[i]} out of range for axis {i} of shape {ShapeText(_shape)}.");
            }

            off = off * _shape[i] + index[i];
        }

        return off;
    }
}
