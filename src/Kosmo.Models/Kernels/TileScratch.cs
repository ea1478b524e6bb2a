using Kosmo.Tensors.Kernels;

namespace Kosmo.Models.Kernels;

/// <summary>
/// Per-thread scratch for one row tile of the fused VSN bank and the fused GRN hidden path (<see cref="BankMath.BlockRows"/> rows, width D):
/// E, H2, G and their gradients plus a row buffer. Kept in a [ThreadStatic] slot by the kernel and grown when D grows.
/// Each tile buffer is pinned and used from its 64-byte-aligned offset (<see cref="Kosmo.Tensors.Kernels.AlignedBuffer"/>).
/// </summary>
internal sealed class TileScratch
{
    private TileScratch(int d)
    {
        var rows = BankMath.BlockRows;
        Width = d;
        E = AlignedBuffer.Allocate(rows * d, out var eOff);
        H2 = AlignedBuffer.Allocate(rows * d, out var h2Off);
        G = AlignedBuffer.Allocate(rows * 2 * d, out var gOff);
        GG = AlignedBuffer.Allocate(rows * 2 * d, out var ggOff);
        GH = AlignedBuffer.Allocate(rows * d, out var ghOff);
        EOff = eOff;
        H2Off = h2Off;
        GOff = gOff;
        GGOff = ggOff;
        GHOff = ghOff;
        Row = new float[4 * d];
    }

    /// <summary>D this scratch was sized for.</summary>
    public int Width { get; }

    /// <summary>(rows, D) from <see cref="EOff"/>: ELU(h1).</summary>
    public float[] E { get; }

    /// <summary>Start of <see cref="E"/>'s tile.</summary>
    public int EOff { get; }

    /// <summary>Start of <see cref="H2"/>'s tile.</summary>
    public int H2Off { get; }

    /// <summary>Start of <see cref="G"/>'s tile.</summary>
    public int GOff { get; }

    /// <summary>Start of <see cref="GG"/>'s tile.</summary>
    public int GGOff { get; }

    /// <summary>Start of <see cref="GH"/>'s tile.</summary>
    public int GHOff { get; }

    /// <summary>(rows, D): fc1 output when no tape is recorded (recording keeps it in the layer's (n, N, D) buffer).</summary>
    public float[] H2 { get; }

    /// <summary>(rows, 2D): GLU input when no tape is recorded.</summary>
    public float[] G { get; }

    /// <summary>(rows, 2D): gradient of G; reused for the gradient of E.</summary>
    public float[] GG { get; }

    /// <summary>(rows, D): gradient of H2.</summary>
    public float[] GH { get; }

    /// <summary>(4D): one or two rows' temporaries.</summary>
    public float[] Row { get; }

    /// <summary>The slot's scratch if it is wide enough for D, else a new one stored in the slot.</summary>
    public static TileScratch For(int d, ref TileScratch? slot)
    {
        if (slot is null || slot.Width < d)
        {
            slot = new TileScratch(d);
        }

        return slot;
    }
}
