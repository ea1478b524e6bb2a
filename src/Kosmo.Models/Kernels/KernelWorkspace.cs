namespace Kosmo.Models.Kernels;

/// <summary>
/// Buffers owned by one layer and reused by its fused kernel on every call (grown when needed, never shrunk), so a
/// training step allocates no large arrays after the first. A layer's recorded forward must be followed by its
/// backward before the same layer runs again (true for the forward → backward → step loop; the buffers are not
/// shared between layers).
/// </summary>
public sealed class KernelWorkspace
{
    private readonly List<float[]> _slots = [];

    /// <summary>The buffer of <paramref name="slot"/> with at least <paramref name="size"/> floats (contents undefined).</summary>
    public float[] Get(int slot, int size)
    {
        while (_slots.Count <= slot)
        {
            _slots.Add([]);
        }

        if (_slots[slot].Length < size)
        {
            _slots[slot] = new float[size];
        }

        return _slots[slot];
    }
}
