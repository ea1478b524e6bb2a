using System.Globalization;
using Kosmo.Features;
using Kosmo.Features.Dataset;
using Kosmo.Features.Labels;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Neural;
using Kosmo.Models.Training;
using Kosmo.Tensors;

namespace Kosmo.Bench.Training;

/// <summary>
/// Training throughput of the neural baselines through the real <see cref="Trainer"/> loop (batch fill, forward,
/// weighted cross-entropy, backward, clipping, AdamW) at B = 256, L = 60, K = 16, width 64, on 2 tensor threads:
/// <c>{mlp,lstm,transformer}_train_samples_per_s</c> (median of the epochs' samples/s; quick: fewer steps) and
/// <c>{...}_predict_samples_per_s</c> (<see cref="Predictor.Predict"/> over the same windows). KOSMO_DATA_PARALLEL=0
/// trains and predicts whole batches with parallel kernels instead of data-parallel replicas.
/// NEURAL_TRAIN_SHAPE=L,K,D measures another shape (e.g. 60,56,32: the real experiment's window, features and
/// width; heads 4, feed-forward 2·D, as the model catalog builds them) and NEURAL_TRAIN_MODELS=mlp,lstm,transformer a
/// subset. Each model also prints <c>{...}_train_cpu_us_per_sample</c> (process CPU over the measured epochs, the
/// figure that load moves least).
/// </summary>
public sealed class NeuralTrainFigure : IFigure
{
    private const int Batch = 256;

    /// <inheritdoc />
    public string Name => "neural-train";

    /// <inheritdoc />
    public void Run(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        TensorThreads.Count = 2;
        var steps = quick ? 3 : 8;
        var repeats = quick ? 1 : 3;
        var shape = (Environment.GetEnvironmentVariable("NEURAL_TRAIN_SHAPE") ?? "60,16,64").Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        int lookback = shape[0], features = shape[1], width = shape[2];
        var only = Environment.GetEnvironmentVariable("NEURAL_TRAIN_MODELS")?.Split(',');
        var data = RandomWindows.Dataset("bench", steps, Batch, lookback, features, [], 0);
        var dataParallel = Environment.GetEnvironmentVariable("KOSMO_DATA_PARALLEL") != "0";
        (string Name, Func<ISequenceClassifier> Make)[] all =
        [
            ("mlp", () => new MlpClassifier(new MlpOptions(features, Hidden: width, Layers: 2, Seed: 1))),
            ("lstm", () => new LstmClassifier(new LstmClassifierOptions(features, Hidden: width, Seed: 1))),
            ("transformer", () => new TransformerClassifier(new TransformerOptions(features, ModelDim: width, Heads: 4, Layers: 2, FeedForwardDim: 2 * width, Seed: 1))),
        ];
        foreach (var make in all.Where(m => only is null || only.Contains(m.Name)).Select(m => m.Make))
        {
            var speeds = new List<double>();
            var cpuPerSample = new List<double>();
            string name = "";
            for (var r = 0; r < repeats + 1; r++)
            {
                var model = make();
                name = model.Name;
                var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                var result = new Trainer(new TrainerOptions { Epochs = 1, WarmupSteps = 0, Seed = r, DataParallel = dataParallel }).Fit(model, data, null);
                var cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMicroseconds;
                if (r > 0 || repeats == 1)
                {
                    speeds.Add(result.History[0].SamplesPerSecond);
                    cpuPerSample.Add(cpu / data.Count);
                }
            }

            speeds.Sort();
            cpuPerSample.Sort();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}_train_samples_per_s={speeds[speeds.Count / 2]:F0}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}_train_cpu_us_per_sample={cpuPerSample[cpuPerSample.Count / 2]:F0}"));

            // Prediction over the same windows as the Predictor runs it (median of three passes after one warm-up).
            var predictModel = make();
            var passes = new List<double>();
            for (var r = 0; r < (quick ? 2 : 4); r++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                Predictor.Predict(predictModel, data, dataParallel);
                if (r > 0)
                {
                    passes.Add(data.Count / clock.Elapsed.TotalSeconds);
                }
            }

            passes.Sort();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}_predict_samples_per_s={passes[passes.Count / 2]:F0}"));
        }
    }
}
