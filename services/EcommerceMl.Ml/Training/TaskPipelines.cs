using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Search;

namespace EcommerceMl.Ml.Training;

/// <summary>The pipeline of every task, for the trainer (fit) and the inference server (load).</summary>
public static class TaskPipelines
{
    public static IReadOnlyList<ITaskPipeline> All { get; } =
        [new RecommendationPipeline(), new ForecastPipeline(), new ChurnPipeline(), new SearchPipeline()];
}
