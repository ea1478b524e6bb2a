namespace Kosmo.Models.Kernels;

/// <summary>
/// Buffers owned by one layer and reused by its fused kernel on every call (grown when needed, never shrunk), so a
/// training step allocates no large arrays after the first. A layer's recorded forward must be followed by its
/// backward before the same layer runs again (true for the forward → backward → step loop; the buffers are not
/// shared between layers). Each data-parallel replica (<see cref="Kosmo.Tensors.Replicas"/>) has its own set.
/// </summary>
public sealed class KernelWorkspace
{
    private readonly List<float[]>?[] _replicas = new List<float[]>?[Kosmo.Tensors.Replicas.Max];

    /// <summary>The buffer of <paramref name="slot"/> with at least <paramref name="size"/> floats (contents undefined).</summary>
    public float[] Get(int slot, int size)
    {
        var slots = _replicas[Kosmo.Tensors.Replicas.Index] ??= [];
        while (slots.Count <= slot)
        {
            slots.Add([]);
        }

        if (slots[slot].Length < size)
        {
            slots[slot] = new float[size];
        }

        return slots[slot];
    }
}
