/** A problem with the dataset or the request, told so that the user can act on it. */
export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}
