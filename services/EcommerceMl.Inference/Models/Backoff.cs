namespace EcommerceMl.Inference.Models;

/// <summary>Exponential backoff for retrying the store: double each time, never past the ceiling.</summary>
public static class Backoff
{
    public static TimeSpan Next(TimeSpan current, TimeSpan max) =>
        current >= max / 2 ? max : current * 2;
}
