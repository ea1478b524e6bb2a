namespace Kosmo.Tensors.Kernels;

/// <summary>
/// One SGEMM product as <see cref="Sgemm.Observer"/> sees it: C (m × n) = op(A) (m × k) · op(B) (k × n), the entry
/// point it came through and whether it ran on the bf16 kernels (<see cref="MixedPrecision"/>).
/// </summary>
/// <param name="Entry">The public entry point.</param>
/// <param name="TransA">op(A) = Aᵀ.</param>
/// <param name="TransB">op(B) = Bᵀ (always false for the tile and packed entry points, whose B is op(B) already).</param>
/// <param name="M">Rows of C.</param>
/// <param name="N">Columns of C.</param>
/// <param name="K">The shared dimension.</param>
/// <param name="Bf16">Whether the product ran on the bf16 kernels.</param>
public readonly record struct SgemmCall(SgemmEntry Entry, bool TransA, bool TransB, int M, int N, int K, bool Bf16)
{
    /// <summary>Floating-point operations of the product: 2·m·n·k.</summary>
    public double Flops => 2.0 * M * N * K;
}
