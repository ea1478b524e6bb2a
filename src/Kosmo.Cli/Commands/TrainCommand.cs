using System.CommandLine;

namespace Kosmo.Cli.Commands;

/// <summary><c>kosmo train</c>: <c>kosmo run</c> up to and including training over the walk-forward folds.</summary>
internal sealed class TrainCommand : ICommandModule
{
    public Command Build() => RunCommand.Create(
        "train",
        "Train the main model (one per sweep trial) and every baseline over the walk-forward folds: per-fold checkpoints, training_log.csv, predictions.csv, labels.csv and interpretation. Evaluate with 'kosmo evaluate', or finish with 'kosmo run --resume'.",
        trainOnly: true);
}
