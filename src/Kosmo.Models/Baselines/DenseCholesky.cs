namespace Kosmo.Models.Baselines;

/// <summary>Solves A x = b for a small symmetric positive-definite A (row-major, P × P) by Cholesky factorisation.</summary>
internal static class DenseCholesky
{
    /// <summary>Returns x; <paramref name="a"/> is overwritten with its factor.</summary>
    /// <exception cref="InvalidOperationException">A is not positive definite.</exception>
    public static double[] Solve(double[] a, double[] b)
    {
        var p = b.Length;
        for (var j = 0; j < p; j++)
        {
            var d = a[(j * p) + j];
            for (var k = 0; k < j; k++)
            {
                d -= a[(j * p) + k] * a[(j * p) + k];
            }

            if (d <= 0)
            {
                throw new InvalidOperationException("Matrix is not positive definite.");
            }

            d = Math.Sqrt(d);
            a[(j * p) + j] = d;
            for (var i = j + 1; i < p; i++)
            {
                var s = a[(i * p) + j];
                for (var k = 0; k < j; k++)
                {
                    s -= a[(i * p) + k] * a[(j * p) + k];
                }

                a[(i * p) + j] = s / d;
            }
        }

        var y = new double[p];
        for (var i = 0; i < p; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= a[(i * p) + k] * y[k];
            }

            y[i] = s / a[(i * p) + i];
        }

        var x = new double[p];
        for (var i = p - 1; i >= 0; i--)
        {
            var s = y[i];
            for (var k = i + 1; k < p; k++)
            {
                s -= a[(k * p) + i] * x[k];
            }

            x[i] = s / a[(i * p) + i];
        }

        return x;
    }
}
