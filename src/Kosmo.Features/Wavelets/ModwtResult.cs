namespace Kosmo.Features.Wavelets;

/// <summary>MODWT of a series of length N to J levels.</summary>
/// <param name="Details">Wavelet (detail) coefficients W_1..W_J, each of length N.</param>
/// <param name="Smooth">Scaling (smooth) coefficients V_J, length N.</param>
public sealed record ModwtResult(double[][] Details, double[] Smooth);
