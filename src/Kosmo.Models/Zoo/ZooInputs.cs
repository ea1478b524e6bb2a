using Kosmo.Features.Dataset;
using Kosmo.Tensors;

namespace Kosmo.Models.Zoo;

/// <summary>
/// Turns the valid rows of a <see cref="WindowBatch"/> into tensors (inputs never require gradients). Buffers come
/// from the <see cref="TensorArena"/> inside a training or prediction scope, so a step leaves no large garbage.
/// </summary>
internal static class ZooInputs
{
    /// <summary>The windows of the first Count rows. // -> (n, L, K)</summary>
    /// <exception cref="ArgumentException">The batch is empty or its K differs from <paramref name="features"/>.</exception>
    public static Tensor Windows(WindowBatch batch, int features)
    {
        Check(batch, features);
        var n = batch.Count;
        // A view of the batch's own buffer, as the LSTM and Transformer read it (ops never write their inputs): no copy.
        return new Tensor(batch.X, n, batch.Lookback, features);
    }

    /// <summary>The given feature columns of every window. // -> (n, L, |columns|)</summary>
    public static Tensor Columns(WindowBatch batch, int features, int[] columns)
    {
        Check(batch, features);
        int n = batch.Count, l = batch.Lookback, g = columns.Length;
        var data = TensorArena.Rent(n * l * g); // every element is written below
        for (var r = 0; r < n * l; r++)
        {
            for (var j = 0; j < g; j++)
            {
                data[(r * g) + j] = batch.X[(r * features) + columns[j]];
            }
        }

        return new Tensor(data, n, l, g);
    }

    /// <summary>The last time step's features. // -> (n, K)</summary>
    public static Tensor LastDay(WindowBatch batch, int features)
    {
        Check(batch, features);
        int n = batch.Count, l = batch.Lookback;
        var data = TensorArena.Rent(n * features); // every element is written below
        for (var b = 0; b < n; b++)
        {
            Array.Copy(batch.X, ((b * l) + l - 1) * features, data, b * features, features);
        }

        return new Tensor(data, n, features);
    }

    /// <summary>The hidden state of the last time step. // hs: (B, L, H) -> (B, H)</summary>
    public static Tensor LastStep(Tensor hs) =>
        Ops.Reshape(Ops.Slice(hs, 1, hs.Dim(1) - 1, 1), hs.Dim(0), hs.Dim(2));

    /// <summary>Runs an LSTM layer from zero states. // x: (B, L, I) -> (B, L, H)</summary>
    public static Tensor RunLstm(Kosmo.Tensors.Layers.LstmLayer lstm, Tensor x) =>
        lstm.Forward(x, Tensor.Zeros(x.Dim(0), lstm.HiddenSize), Tensor.Zeros(x.Dim(0), lstm.HiddenSize));

    /// <summary>Dropout in training when p &gt; 0, identity otherwise.</summary>
    public static Tensor MaybeDropout(Tensor x, float p, bool training, Random rng) =>
        training && p > 0 ? Ops.Dropout(x, p, rng) : x;

    /// <summary>A Conv1d weight (Cout, Cin, K) and bias (Cout) with PyTorch's default bound 1/√(Cin·K).</summary>
    public static (Parameter Weight, Parameter Bias) ConvParameters(string name, int cin, int cout, int kernel, Random rng)
    {
        var bound = 1f / MathF.Sqrt(cin * kernel);
        return (Parameter.CreateUniform(name + ".weight", rng, bound, cout, cin, kernel), Parameter.CreateUniform(name + ".bias", rng, bound, cout));
    }

    /// <summary>A ConvTranspose1d weight (Cin, Cout, K) and bias (Cout); PyTorch's fan-in is Cout·K for this layout.</summary>
    public static (Parameter Weight, Parameter Bias) ConvTransposeParameters(string name, int cin, int cout, int kernel, Random rng)
    {
        var bound = 1f / MathF.Sqrt(cout * kernel);
        return (Parameter.CreateUniform(name + ".weight", rng, bound, cin, cout, kernel), Parameter.CreateUniform(name + ".bias", rng, bound, cout));
    }

    private static void Check(WindowBatch batch, int features)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count < 1)
        {
            throw new ArgumentException("The batch holds no rows (Count = 0).", nameof(batch));
        }

        if (batch.FeatureCount != features)
        {
            throw new ArgumentException($"The batch has K = {batch.FeatureCount} features, the model was built for {features}.", nameof(batch));
        }
    }
}
