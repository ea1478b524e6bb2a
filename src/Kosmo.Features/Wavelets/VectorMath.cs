using System.Numerics;

namespace Kosmo.Features.Wavelets;

/// <summary>SIMD helpers (System.Numerics.Vector) for the filter loops. Results depend only on the inputs, not on threads.</summary>
internal static class VectorMath
{
    /// <summary>y[n] += a · x[n] for all n (equal lengths).</summary>
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        var n = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<double>(a);
            for (; n <= x.Length - Vector<double>.Count; n += Vector<double>.Count)
            {
                (new Vector<double>(y[n..]) + va * new Vector<double>(x[n..])).CopyTo(y[n..]);
            }
        }

        for (; n < x.Length; n++)
        {
            y[n] += a * x[n];
        }
    }

    /// <summary>Σ a[n] · b[n] (equal lengths), accumulated lane-wise then summed in a fixed order.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = 0;
        var acc = Vector<double>.Zero;
        if (Vector.IsHardwareAccelerated)
        {
            for (; n <= a.Length - Vector<double>.Count; n += Vector<double>.Count)
            {
                acc += new Vector<double>(a[n..]) * new Vector<double>(b[n..]);
            }
        }

        var s = Vector.Sum(acc);
        for (; n < a.Length; n++)
        {
            s += a[n] * b[n];
        }

        return s;
    }
}
