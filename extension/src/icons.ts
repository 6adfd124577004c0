import { LabIcon } from '@jupyterlab/ui-components';

/** An mlnb icon from one 24×24 path; `jp-icon3` makes it follow the light and dark themes. */
function mlnbIcon(name: string, path: string): LabIcon {
  return new LabIcon({
    name: `mlnb:${name}`,
    svgstr: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16"><path class="jp-icon3" fill="#616161" d="${path}"/></svg>`
  });
}

/** A flask: tracked runs. */
export const experimentsIcon = mlnbIcon(
  'experiments',
  'M9 2v2h1v5.3L4.4 18.6A2.2 2.2 0 0 0 6.3 22h11.4a2.2 2.2 0 0 0 1.9-3.4L14 9.3V4h1V2H9zm3 2v5.9l2.2 3.6H9.8L12 9.9V4z'
);

/** A cylinder: the dataset catalog. */
export const datasetsIcon = mlnbIcon(
  'datasets',
  'M12 2C7.6 2 4 3.3 4 5v14c0 1.7 3.6 3 8 3s8-1.3 8-3V5c0-1.7-3.6-3-8-3zm0 2c3.5 0 6 .9 6 1s-2.5 1-6 1-6-.9-6-1 2.5-1 6-1zM6 7.4C7.5 8 9.6 8.3 12 8.3s4.5-.3 6-.9V12c0 .1-2.5 1-6 1s-6-.9-6-1V7.4zm0 7c1.5.6 3.6.9 6 .9s4.5-.3 6-.9V19c0 .1-2.5 1-6 1s-6-.9-6-1v-4.6z'
);

/** A clock: scheduled jobs. */
export const jobsIcon = mlnbIcon(
  'jobs',
  'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16zm-1 3v5.4l4.3 2.6 1-1.7-3.3-2V7h-2z'
);

/** A rocket: turn a notebook into a scheduled job. */
export const productionizeIcon = mlnbIcon(
  'productionize',
  'M14.5 2.5c-3 1-5.6 3.6-7 7L4 10l-2 3 4 1 1 1 1 4 3-2 .5-3.5c3.4-1.4 6-4 7-7L20 2l-5.5.5zM15 7a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM5 16c-1.5 1-2 3-2 5 2 0 4-.5 5-2l-3-3z'
);
