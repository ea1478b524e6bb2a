using Kosmo.Core;
using Kosmo.Models.Boosting;
using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;
using YamlDotNet.Serialization;

namespace Kosmo.Experiment.Config;

/// <summary><c>model:</c> the main model and its training hyper-parameters (baselines reuse the training ones).</summary>
internal sealed record ModelConfig
{
    public string Name { get; init; } = "tft_lite";
    public int Hidden { get; init; } = 32;
    public int Heads { get; init; } = 4;
    public double Dropout { get; init; } = 0.1;
    public double LearningRate { get; init; } = 1e-3;
    public double WeightDecay { get; init; } = 1e-4;
    public int Batch { get; init; } = 256;
    public int Epochs { get; init; } = 3;
    public int Patience { get; init; } = 2;
    public double ClipNorm { get; init; } = 1.0;
    public int WarmupSteps { get; init; } = 50;
    /// <summary>
    /// Cap on training samples per fold, drawn uniformly without replacement (seeded); 0 (<c>all</c> in YAML) = every
    /// training sample of the fold. The validation slice is capped at max(1,000, cap / 4). Per sweep trial when swept.
    /// </summary>
    public int MaxTrainSamples { get; init; } = 6_000;
    /// <summary>
    /// Builds the causal ensembles ensemble_equal / _invloss / _entropy / _best from the test predictions of the main
    /// model and the transformer, cnn_lstm and unet baselines when present (at least two members).
    /// </summary>
    public bool Ensemble { get; init; } = true;
    /// <summary>
    /// Splits each training minibatch over the tensor threads as data-parallel replicas (TFT-Lite, MLP, LSTM,
    /// Transformer, CNN-LSTM, U-Net, wavelet groups); false runs whole batches with parallel kernels. Reproducible either way at a fixed thread count.
    /// </summary>
    public bool DataParallel { get; init; } = true;
    /// <summary>
    /// Precision of the neural models' matrix products (training, validation and prediction): fp32 (default), or bf16
    /// (bfloat16 inputs, fp32 accumulation on the VDPBF16PS kernels; fp32 weights, optimizer state, losses, softmax).
    /// bf16 where the kernels are unavailable (no AVX512_BF16, or the library was not built) is a configuration error.
    /// </summary>
    public string Precision { get; init; } = "fp32";

    /// <summary><see cref="Precision"/> as the engine's <see cref="Tensors.Precision"/>.</summary>
    [YamlIgnore]
    public Precision Products => Precision == "bf16" ? Tensors.Precision.Bf16 : Tensors.Precision.Fp32;
    /// <summary>The <c>lightgbm</c> baseline's hyper-parameters (<c>model.lightgbm:</c>).</summary>
    public LightGbmOptions Lightgbm { get; init; } = new();

    public static ModelConfig Read(YamlSection s) => new()
    {
        Name = s.String("name", "tft_lite", "tft_lite", "lstm", "transformer", "mlp", "logistic", "cnn_lstm", "unet", "vae", "regime_experts", "wavelet_groups"),
        Hidden = s.Int("hidden", 32, 4, 1024),
        Heads = s.Int("heads", 4, 1, 32),
        Dropout = s.Double("dropout", 0.1, 0, 0.9),
        LearningRate = s.Double("learning_rate", 1e-3, 1e-7, 1),
        WeightDecay = s.Double("weight_decay", 1e-4, 0, 1),
        Batch = s.Int("batch", 256, 1, 65536),
        Epochs = s.Int("epochs", 3, 1, 1000),
        Patience = s.Int("patience", 2, 0, 1000),
        ClipNorm = s.Double("clip_norm", 1.0, 0, 1e6),
        WarmupSteps = s.Int("warmup_steps", 50, 0, 1_000_000),
        MaxTrainSamples = s.IntOrKeyword("max_train_samples", 6_000, "all", 0, 0, int.MaxValue),
        Ensemble = s.Bool("ensemble", true),
        DataParallel = s.Bool("data_parallel", true),
        Precision = ReadPrecision(s),
        Lightgbm = LightGbmConfig.Read(s.Section("lightgbm")),
    };

    private static string ReadPrecision(YamlSection s)
    {
        var value = s.String("precision", "fp32", "fp32", "bf16");
        return value == "fp32" || Bf16Native.IsAvailable
            ? value
            : throw new DataValidationException(s.File, s.LineOf("precision"), s.Path + ".precision",
                $"{s.Path}.precision: bf16 is unavailable on this machine ({Bf16Native.Status}); use fp32 or leave the key out");
    }
}
