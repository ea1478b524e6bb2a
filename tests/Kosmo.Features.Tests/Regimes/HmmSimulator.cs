using Kosmo.Features.Regimes;

namespace Kosmo.Features.Tests.Regimes;

/// <summary>Draws state paths and observations from known Gaussian HMM / mixture parameters (test helper).</summary>
internal static class HmmSimulator
{
    /// <summary>The 3-state, 2-D model the recovery tests use: calm, normal, stressed (ascending variance).</summary>
    public static GaussianHmm ThreeStateModel() => new(
        [0.6, 0.3, 0.1],
        [[0.95, 0.04, 0.01], [0.05, 0.90, 0.05], [0.02, 0.08, 0.90]],
        [[1.0, -1.0], [0.0, 0.5], [-2.0, 2.5]],
        [[[0.10, 0.02], [0.02, 0.10]], [[0.25, -0.05], [-0.05, 0.30]], [[1.0, 0.3], [0.3, 0.8]]]);

    /// <summary>Samples (states (T), observations (T, D)) from the model.</summary>
    public static (int[] States, double[][] Obs) Sample(GaussianHmm model, int length, int seed)
    {
        var rng = new Random(seed);
        var states = new int[length];
        var obs = new double[length][];
        for (var t = 0; t < length; t++)
        {
            states[t] = Draw(rng, t == 0 ? model.Initial : model.Transition[states[t - 1]]);
            obs[t] = Gaussian(rng, model.Means[states[t]], model.Covariances[states[t]]);
        }

        return (states, obs);
    }

    /// <summary>Samples (components (N), observations (N, D)) from a mixture.</summary>
    public static (int[] Components, double[][] Obs) Sample(GaussianMixture mixture, int count, int seed)
    {
        var rng = new Random(seed);
        var comps = new int[count];
        var obs = new double[count][];
        for (var n = 0; n < count; n++)
        {
            comps[n] = Draw(rng, mixture.Weights);
            obs[n] = Gaussian(rng, mixture.Means[comps[n]], mixture.Covariances[comps[n]]);
        }

        return (comps, obs);
    }

    private static int Draw(Random rng, double[] p)
    {
        var u = rng.NextDouble();
        double acc = 0;
        for (var i = 0; i < p.Length; i++)
        {
            acc += p[i];
            if (u < acc)
            {
                return i;
            }
        }

        return p.Length - 1;
    }

    private static double[] Gaussian(Random rng, double[] mean, double[][] cov)
    {
        var d = mean.Length;
        var l = new double[d, d];
        for (var a = 0; a < d; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                var s = cov[a][b];
                for (var k = 0; k < b; k++)
                {
                    s -= l[a, k] * l[b, k];
                }

                l[a, b] = a == b ? Math.Sqrt(s) : s / l[b, b];
            }
        }

        var z = new double[d];
        for (var a = 0; a < d; a++)
        {
            z[a] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        }

        var x = new double[d];
        for (var a = 0; a < d; a++)
        {
            x[a] = mean[a];
            for (var k = 0; k <= a; k++)
            {
                x[a] += l[a, k] * z[k];
            }
        }

        return x;
    }
}
