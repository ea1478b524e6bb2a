namespace Kosmo.Tensors.Kernels;

/// <summary>The public <see cref="Sgemm"/> entry point a product came through (see <see cref="Sgemm.Observer"/>).</summary>
public enum SgemmEntry
{
    /// <summary><see cref="Sgemm.Multiply"/> (parallel over <see cref="TensorThreads.Count"/>).</summary>
    Multiply,

    /// <summary><see cref="Sgemm.MultiplyBias"/> (a Linear layer's forward, parallel).</summary>
    MultiplyBias,

    /// <summary>The unpacked <c>Sgemm.MultiplySerial</c> (calling thread only).</summary>
    MultiplySerial,

    /// <summary>The <c>Sgemm.MultiplySerial</c> overload with a B packed by <see cref="Sgemm.Pack"/>.</summary>
    MultiplySerialPacked,

    /// <summary>The <c>Sgemm.MultiplyTile</c> overload that reads B in place.</summary>
    MultiplyTile,

    /// <summary>The <c>Sgemm.MultiplyTile</c> overload with a B packed by <see cref="Sgemm.PackTile"/>.</summary>
    MultiplyTilePacked,
}
