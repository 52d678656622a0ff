import { Schema, model, type InferSchemaType } from 'mongoose';

export const ROLES = ['admin', 'leader', 'operator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Accounts. `_id` is the login name so a login is an exact-_id lookup. */
const userSchema = new Schema(
  {
    _id: { type: String, required: true },
    displayName: { type: String, required: true },
    passwordHash: { type: String, required: true },
    roles: { type: [String], enum: ROLES, required: true },
    /** The org unit whose subtree this user may see and act in. */
    unit: { type: String, required: true },
    email: { type: String },
    disabled: { type: Boolean, default: false },
  },
  {
    versionKey: false,
    timestamps: true,
    toJSON: {
      transform: (_doc, ret: Record<string, unknown>) => {
        delete ret.passwordHash;
        ret.username = ret._id;
        delete ret._id;
        return ret;
      },
    },
  },
);

export type UserDoc = InferSchemaType<typeof userSchema>;
export const User = model('User', userSchema, 'users');
