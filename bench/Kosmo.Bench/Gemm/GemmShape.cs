using System.Globalization;

namespace Kosmo.Bench.Gemm;

/// <summary>A GEMM shape: C (m × n) = op(A) (m × k) · op(B) (k × n), op = transpose where the flag is set.</summary>
internal readonly record struct GemmShape(bool TransA, bool TransB, int M, int N, int K)
{
    /// <summary>2·m·n·k.</summary>
    public double Flops => 2.0 * M * N * K;

    /// <summary>The second smallest of m, n, k (a product is "large" only when its two smallest dimensions are).</summary>
    public int MidDim => M + N + K - Math.Min(M, Math.Min(N, K)) - Math.Max(M, Math.Max(N, K));

    /// <summary>The smallest of m, n, k.</summary>
    public int MinDim => Math.Min(M, Math.Min(N, K));

    /// <summary>"TA,TB,m,n,k" with N/T flags, e.g. "N,T,7680,128,32" (the form bench/numpy_sgemm.py reads).</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(TransA ? 'T' : 'N')},{(TransB ? 'T' : 'N')},{M},{N},{K}");

    /// <summary>The key form of a shape in a figure name: "NT_7680x128x32".</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{(TransA ? 'T' : 'N')}{(TransB ? 'T' : 'N')}_{M}x{N}x{K}");

    /// <summary>Parses <see cref="ToString"/>'s form.</summary>
    /// <exception cref="FormatException">Not five comma-separated fields with N/T flags and non-negative sizes.</exception>
    public static GemmShape Parse(string text)
    {
        var f = text.Split(',');
        if (f.Length != 5 || f[0] is not ("N" or "T") || f[1] is not ("N" or "T"))
        {
            throw new FormatException($"GEMM shape '{text}': expected TA,TB,m,n,k with TA, TB in N/T (e.g. N,T,7680,128,32).");
        }

        return new GemmShape(f[0] == "T", f[1] == "T", int.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture),
            int.Parse(f[4], CultureInfo.InvariantCulture));
    }
}
