namespace Kosmo.Models.Evaluation;

/// <summary>The three classes every Kosmo classifier predicts, in probability-column order.</summary>
public static class ClassLabels
{
    /// <summary>Class 0: the forward move is down.</summary>
    public const int Down = 0;

    /// <summary>Class 1: the forward move is flat.</summary>
    public const int Flat = 1;

    /// <summary>Class 2: the forward move is up.</summary>
    public const int Up = 2;

    /// <summary>Number of classes (3).</summary>
    public const int Count = 3;

    /// <summary>Names in class order: down, flat, up.</summary>
    public static IReadOnlyList<string> Names { get; } = ["down", "flat", "up"];
}
