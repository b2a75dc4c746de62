import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** A loss curve (epoch → loss) as an SVG document, rendered headless by Vega. */
export async function lossCurveSvg(points: readonly { readonly epoch: number; readonly loss: number }[], title: string): Promise<string> {
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 480,
    height: 280,
    data: { values: points.map((p) => ({ ...p })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
      y: { field: 'loss', type: 'quantitative', title: 'loss', scale: { zero: false } },
    },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
