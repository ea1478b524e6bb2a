namespace Kosmo.Models.Training;

/// <summary>The scalar part of a <see cref="TrainingCheckpoint"/> (stored as JSON).</summary>
/// <param name="Model">Model name.</param>
/// <param name="Fold">Fold number.</param>
/// <param name="Fingerprint">Options, parameter shapes and dataset sizes; a resume with a different fingerprint is refused.</param>
/// <param name="CompletedEpochs">Epochs finished (the next epoch index, 0-based).</param>
/// <param name="StepCount">Optimizer steps taken.</param>
/// <param name="BestEpoch">1-based best epoch so far (0 = none).</param>
/// <param name="BestScore">Early-stopping metric at the best epoch.</param>
/// <param name="EpochsWithoutImprovement">Early-stopping counter.</param>
/// <param name="Stopped">True when early stopping already fired.</param>
/// <param name="History">Per-epoch figures so far.</param>
public sealed record CheckpointHeader(
    string Model,
    int Fold,
    string Fingerprint,
    int CompletedEpochs,
    int StepCount,
    int BestEpoch,
    double BestScore,
    int EpochsWithoutImprovement,
    bool Stopped,
    IReadOnlyList<EpochRecord> History);
