// What a missing page, or a resource outside the user's reach, looks like: the same for both.
import { Link } from '../app/router';

export function NotFound({ what = 'page' }: { readonly what?: string }) {
  return (
    <section className="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title" tabIndex={-1}>
        Not found
      </h1>
      <p>This {what} does not exist, or you do not have access to it.</p>
      <p>
        <Link to="/">Back to the start</Link>
      </p>
    </section>
  );
}
