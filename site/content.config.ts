import { glob } from 'astro/loaders';
import { defineCollection, z } from 'astro:content';

/**
 * lessons: one MDX file per lesson under content/fr/<NN-chapter>/<NN-slug>.mdx. The frontmatter schema is the
 * contract between authors and the site; `chapter` is the chapter folder's slug.
 */
const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/fr' }),
  schema: z.object({
    title: z.string().min(3),
    description: z.string().min(10),
    chapter: z.string(),
    chapterTitle: z.string(),
    chapterOrder: z.number().int().min(0),
    order: z.number().int().min(1),
    duration: z.number().int().positive().describe('Estimated reading and practice time, in minutes'),
    objectives: z.array(z.string()).min(1),
    exercises: z.array(z.string()).default([]),
    quiz: z
      .array(
        z
          .object({
            question: z.string().min(5),
            choices: z.array(z.string().min(1)).min(2).max(5),
            answer: z.number().int().min(0),
            explanation: z.string().min(5),
          })
          .refine((q) => q.answer < q.choices.length, { message: 'answer must index one of the choices' }),
      )
      .default([]),
  }),
});

export const collections = { lessons };
