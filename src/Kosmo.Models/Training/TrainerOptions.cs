using Kosmo.Tensors;

namespace Kosmo.Models.Training;

/// <summary>
/// Settings of <see cref="Trainer"/>. The learning rate follows a linear warm-up over <see cref="WarmupSteps"/>
/// optimizer steps and then a cosine decay to <see cref="MinLearningRate"/> at the last step of the last epoch.
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>Maximum number of epochs (≥ 1).</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Peak AdamW learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Learning rate at the end of the cosine decay.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>Linear warm-up length in optimizer steps (0 = none).</summary>
    public int WarmupSteps { get; init; } = 100;

    /// <summary>AdamW decoupled weight decay.</summary>
    public double WeightDecay { get; init; } = 1e-2;

    /// <summary>Gradient clipping by global L2 norm; 0 or less disables clipping.</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>Weigh classes by n / (C · count_c) of the training labels (sklearn's "balanced").</summary>
    public bool BalancedClassWeights { get; init; } = true;

    /// <summary>What early stopping watches (needs a validation set).</summary>
    public EarlyStoppingMetric EarlyStopping { get; init; } = EarlyStoppingMetric.ValidationLoss;

    /// <summary>Epochs without improvement before stopping; 0 disables early stopping (best weights are still restored).</summary>
    public int Patience { get; init; } = 5;

    /// <summary>Smallest change that counts as an improvement.</summary>
    public double MinDelta { get; init; }

    /// <summary>Seed of the dropout streams (one <see cref="Random"/> per epoch, derived from seed and epoch).</summary>
    public int Seed { get; init; }

    /// <summary>Walk-forward fold number written to the training log.</summary>
    public int Fold { get; init; }

    /// <summary>Checkpoint file written after every epoch, or null for none. When it exists, training resumes from it.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Report progress every this many batches (and at the end of every epoch).</summary>
    public int ProgressEveryBatches { get; init; } = 10;

    /// <summary>
    /// Split each minibatch over the tensor threads as data-parallel replicas when the model allows it
    /// (<see cref="Abstractions.IReplicable"/>, see <see cref="TrainingStep"/>); false runs the whole batch on one
    /// thread with parallel kernels. Either way a run is reproducible at a fixed thread count.
    /// </summary>
    public bool DataParallel { get; init; } = true;

    /// <summary>
    /// Precision of the matrix products during training and validation (<see cref="MixedPrecision"/>): fp32, or bf16
    /// inputs with fp32 accumulation where <see cref="Tensors.Kernels.Bf16Native.IsAvailable"/> (else Fit throws).
    /// Weights, optimizer state, losses and softmax stay fp32 either way.
    /// </summary>
    public Precision Precision { get; init; } = Precision.Fp32;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range (the message names it).</exception>
    public void Validate()
    {
        static void Require(bool ok, string what)
        {
            if (!ok)
            {
                throw new ArgumentException($"TrainerOptions: {what}.");
            }
        }

        Require(Epochs >= 1, $"Epochs {Epochs} must be at least 1");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"LearningRate {LearningRate} must be positive");
        Require(MinLearningRate >= 0 && MinLearningRate <= LearningRate, $"MinLearningRate {MinLearningRate} must be in [0, LearningRate]");
        Require(WarmupSteps >= 0, $"WarmupSteps {WarmupSteps} must not be negative");
        Require(WeightDecay >= 0, $"WeightDecay {WeightDecay} must not be negative");
        Require(Patience >= 0, $"Patience {Patience} must not be negative");
        Require(MinDelta >= 0, $"MinDelta {MinDelta} must not be negative");
        Require(ProgressEveryBatches >= 1, $"ProgressEveryBatches {ProgressEveryBatches} must be at least 1");
    }
}
