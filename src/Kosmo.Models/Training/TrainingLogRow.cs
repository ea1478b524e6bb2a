namespace Kosmo.Models.Training;

/// <summary>One row of <c>RUN/training_log.csv</c> (docs/run-folder.md). NaN is written as an empty field.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Fold">Walk-forward fold.</param>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Training loss.</param>
/// <param name="ValidationLoss">Validation loss.</param>
/// <param name="ValidationMacroF1">Validation macro F1.</param>
/// <param name="LearningRate">Learning rate.</param>
/// <param name="SamplesPerSecond">Training samples per second.</param>
public readonly record struct TrainingLogRow(string Model, int Fold, int Epoch, double TrainLoss, double ValidationLoss, double ValidationMacroF1, double LearningRate, double SamplesPerSecond);
