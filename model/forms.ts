import { Schema, model, type InferSchemaType } from 'mongoose';

/** Form.io form versions: immutable. `_id` is `key@version`. */
const formSchema = new Schema(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    version: { type: Number, required: true },
    title: { type: String, required: true },
    /** Form.io component tree. */
    components: { type: [Schema.Types.Mixed], required: true },
  },
  { versionKey: false, timestamps: true },
);

export function formVersionId(key: string, version: number): string {
  return `${key}@${version}`;
}

export type FormDoc = InferSchemaType<typeof formSchema>;
export const Form = model('Form', formSchema, 'forms');
