import type { Classifier } from '../classify/classifier.ts';
import type { Comment } from './comment.ts';

/**
 * Files a comment under the review's themes with the same classifier as news. A comment has no
 * headline, so its text counts as a summary: stronger than an article's body, weaker than a title.
 */
export function classifyComment(classifier: Classifier, comment: Comment): Comment {
  return { ...comment, classification: classifier.classify({ summary: comment.text }) };
}
