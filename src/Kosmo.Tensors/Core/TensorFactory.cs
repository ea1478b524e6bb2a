namespace Kosmo.Tensors;

/// <summary>Internal allocation of op outputs (through <see cref="TensorArena"/>).</summary>
internal static class TensorFactory
{
    /// <summary>A new op output; contents are garbage unless <paramref name="zeroed"/>.</summary>
    public static Tensor Output(int[] shape, bool zeroed = false) => new(TensorArena.Rent(Tensor.Product(shape), zeroed), shape);

    /// <summary>A scratch buffer from the arena.</summary>
    public static float[] Scratch(int size, bool zeroed = false) => TensorArena.Rent(size, zeroed);

    /// <summary>Hands a scratch buffer back early.</summary>
    public static void Release(float[] buffer) => TensorArena.Return(buffer);
}
